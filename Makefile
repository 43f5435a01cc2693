# The user's door. `make up` and `make test` work on a fresh Debian 12 machine.
PRESET ?= default
BUILD_DIR := build/$(PRESET)
NIMBUS := $(BUILD_DIR)/src/cli/nimbus
UP_ARGS ?=

.PHONY: setup configure build test up bench format tidy clean

setup:
	@scripts/setup.sh

# Once configured, ninja re-runs CMake by itself whenever a CMakeLists.txt changes.
configure: setup
	@test -f $(BUILD_DIR)/build.ninja || cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build --preset $(PRESET)

test: build
	@tests/e2e/setup.sh
	@ctest --preset $(PRESET)

up: build
	@$(NIMBUS) up --stack stack --data .nimbus $(UP_ARGS)

# Nimbus's DynamoDB endpoint beside dynalite and nginx's `{}` under the same wrk (README,
# "Benchmarks"). BENCH_SECONDS=3 make bench for a quick look.
bench: build
	@bench/setup.sh
	@/usr/bin/python3 bench/run.py --nimbus $(NIMBUS)

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

tidy: configure
	@git ls-files '*.cc' | xargs clang-tidy -p $(BUILD_DIR) --quiet

clean:
	@rm -rf build
