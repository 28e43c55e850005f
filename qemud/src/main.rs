fn main() {
    eprintln!("qemud: not built yet");
    std::process::exit(1);
}
