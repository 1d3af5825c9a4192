# coop: the two commands a new machine needs are `make demo` and `make test`.
SWIFT ?= swift
APT_PACKAGES := libsodium-dev libsqlite3-dev pkg-config hledger

.PHONY: deps build release demo test test-long bench clean

# Installs the system libraries coop links (and hledger, for the export round-trip test).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# The main job: a cooperative's life in a temporary folder, every step printed.
demo: release
	COOP=$$($(SWIFT) build -c release --show-bin-path)/coop bash scripts/demo.sh

# The whole test suite (what CI runs).
test: deps
	$(SWIFT) test

bench: release
	$$($(SWIFT) build -c release --show-bin-path)/coop bench --entries $${ENTRIES:-100000}

clean:
	rm -rf .build
