# Builds libvirt.so (SONAME libvirt.so.0) with its links, headers and pkg-config file.
#   make                  build into target/release (usable in place: see README)
#   make install PREFIX=/usr/local
#   make headers          regenerate include/libvirt/*.h from the Rust source
#   make check            every test (what .ci/run runs)
#   make support-matrix   regenerate docs/support-matrix.md from what the drivers answer

PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
MAJOR := 0
# libvirt's file name: libvirt.so.0.<major*1000 + minor>.<micro>, e.g. 0.9000.0
FILEVER := $(shell echo $(VERSION) | awk -F. '{ printf "%d.%d", $$1 * 1000 + $$2, $$3 }')
OUT := target/release

.PHONY: all build headers install check clean support-matrix

all: build

build:
	cargo build --release -p libvirt-rs -p qemud
	ln -sf libvirt.so $(OUT)/libvirt.so.$(MAJOR)
	mkdir -p $(OUT)/pkgconfig
	sed -e 's|@prefix@|$(CURDIR)|' -e 's|@libdir@|$(CURDIR)/$(OUT)|' \
	    -e 's|@includedir@|$(CURDIR)/include|' -e 's|@version@|$(VERSION)|' \
	    pkgconfig/libvirt.pc.in > $(OUT)/pkgconfig/libvirt.pc

headers:
	cargo run -q -p gen-headers

install: build
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/libvirt
	install -m 0755 $(OUT)/libvirt.so $(DESTDIR)$(LIBDIR)/libvirt.so.$(MAJOR).$(FILEVER)
	ln -sf libvirt.so.$(MAJOR).$(FILEVER) $(DESTDIR)$(LIBDIR)/libvirt.so.$(MAJOR)
	ln -sf libvirt.so.$(MAJOR) $(DESTDIR)$(LIBDIR)/libvirt.so
	install -m 0644 include/libvirt/*.h $(DESTDIR)$(INCLUDEDIR)/libvirt/
	sed -e 's|@prefix@|$(PREFIX)|' -e 's|@libdir@|$(LIBDIR)|' \
	    -e 's|@includedir@|$(INCLUDEDIR)|' -e 's|@version@|$(VERSION)|' \
	    pkgconfig/libvirt.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/libvirt.pc

check:
	./tests/run-all

support-matrix: build
	mkdir -p docs
	UPDATE_SUPPORT_MATRIX=1 cargo test --release -q -p qemud --test support_matrix

clean:
	cargo clean
