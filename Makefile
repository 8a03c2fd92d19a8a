# Thin wrapper over CMake. `make demo` installs the packages oretrace needs to build and
# run (scripts/install-deps.sh build), then configures, builds oretrace and runs the demo;
# `make test` installs the test packages as well and builds and runs the whole suite.
#
# Every target re-runs CMake's configure step (a second or two): a folder left behind by a
# configure that failed, or configured by `make demo` before cmocka was installed, is
# brought up to date instead of being trusted.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
# where `make demo` leaves its workspace (the letters, e-mails and database it made)
DEMO_DIR   ?= $(BUILD)/demo

.PHONY: all build deps deps-test configure demo test test-plain test-asan bench clean fixtures

all: build

deps:
	@scripts/install-deps.sh build

deps-test:
	@scripts/install-deps.sh test

# The tests are built when cmocka is found (ORETRACE_TESTS=AUTO); `make test` requires them.
configure: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DORETRACE_TESTS=AUTO $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD) -j $(JOBS)

demo: configure
	cmake --build $(BUILD) -j $(JOBS) --target oretrace
	@scripts/demo.sh $(BUILD)/oretrace $(DEMO_DIR)

test: deps-test
	$(MAKE) --no-print-directory test-plain test-asan

test-plain:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DORETRACE_TESTS=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure --no-tests=error -j $(JOBS)

test-asan:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DORETRACE_SANITIZE=ON -DORETRACE_TESTS=ON $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure --no-tests=error -j $(JOBS)

# the benchmarks compare against Python openpyxl, one of the test packages
bench: deps-test build
	bench/run.sh $(BUILD)/oretrace

# needs the reference set (../shared) and the test packages (python3-openpyxl, -olefile)
fixtures: deps-test
	python3 scripts/make-fixtures.py

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
