# depthlab — every target. `make serve` and `make test` work on a fresh machine:
# they install what is missing (build-scripts/setup.sh), build, then serve or test.
SHELL := /bin/bash
.DEFAULT_GOAL := build
.DELETE_ON_ERROR:

# Debian's emcc runs its optimizer under Node, which must find Debian's node modules.
export NODE_PATH := /usr/share/nodejs
EMCC ?= emcc
CC := gcc
PORT ?= 8000

SRC := $(sort $(wildcard src/*/*.c))
HDR := $(wildcard include/depthlab/*.h src/*/*.h)
EXPORTS := src/api/exports.txt
# exports.txt: one C symbol per line, '#' comments; emcc wants _name,_name,...
EXPORT_LIST := $(shell sed -e 's/\#.*//' -e '/^[[:space:]]*$$/d' -e 's/^[[:space:]]*/_/' $(EXPORTS) | paste -sd, -)

CSTD := -std=c99 -Iinclude -Isrc -Wall -Wextra -Wshadow -Wno-unused-parameter
WASM_FLAGS := $(CSTD) -O3 -sSTANDALONE_WASM --no-entry -sALLOW_MEMORY_GROWTH=1 \
  -sINITIAL_MEMORY=16MB -sMAXIMUM_MEMORY=2GB -sTOTAL_STACK=1MB \
  -sEXPORTED_FUNCTIONS=$(EXPORT_LIST),_malloc,_free
NATIVE_FLAGS := $(CSTD) -O2 -g
SAN_FLAGS := $(CSTD) -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

WASM := web/wasm/depthlab.wasm web/wasm/depthlab-scalar.wasm
VENDOR := web/vendor/chart.umd.min.js
DATA := web/data/fashion-mnist.bin
CONSTANTS := web/js/engine/c-constants.js
C_TESTS := $(patsubst tests/c/%.c,build/tests/%,$(wildcard tests/c/test_*.c))
SETUP := build/.setup-toolchain
NPM := node_modules/.installed

.PHONY: build serve test test-c test-fuzz test-js test-browser test-valgrind fuzz bench dist clean setup thumbs
build: $(WASM) $(CONSTANTS) $(VENDOR) $(DATA) build/libdepthlab.a $(C_TESTS)

# ---- set-up (idempotent; installs only what is missing) -------------------
$(SETUP): build-scripts/setup.sh
	@mkdir -p build
	build-scripts/setup.sh toolchain
	@touch $@
$(NPM): package.json package-lock.json
	build-scripts/setup.sh npm
	@touch $@
build/.setup-browser: build-scripts/setup.sh
	@mkdir -p build
	build-scripts/setup.sh browser
	@touch $@
build/.setup-data: build-scripts/setup.sh
	@mkdir -p build
	build-scripts/setup.sh data
	@touch $@
setup: $(SETUP) $(NPM) build/.setup-browser build/.setup-data

# ---- wasm: the SIMD module the page ships, and a scalar build (fallback + bench)
web/wasm/depthlab.wasm: $(SRC) $(HDR) $(EXPORTS) | $(SETUP)
	@mkdir -p $(@D)
	$(EMCC) $(WASM_FLAGS) -msimd128 $(SRC) -o $@
web/wasm/depthlab-scalar.wasm: $(SRC) $(HDR) $(EXPORTS) | $(SETUP)
	@mkdir -p $(@D)
	$(EMCC) $(WASM_FLAGS) $(SRC) -o $@

$(VENDOR): $(NPM)
	build-scripts/vendor.sh

# The headers' limits, enum values, indices and status codes as an ES module the engine imports.
$(CONSTANTS): build-scripts/c-constants.mjs $(wildcard include/depthlab/*.h)
	node build-scripts/c-constants.mjs

# Real data, derived from Debian's dataset-fashion-mnist (see the script for what and why).
$(DATA): build-scripts/fashion-mnist.mjs | build/.setup-data
	node build-scripts/fashion-mnist.mjs /usr/share/datasets/fashion-mnist $@

# ---- native library and sanitized unit tests --------------------------------
build/obj/%.o: src/%.c $(HDR) | $(SETUP)
	@mkdir -p $(@D)
	$(CC) $(NATIVE_FLAGS) -c $< -o $@
build/libdepthlab.a: $(patsubst src/%.c,build/obj/%.o,$(SRC))
	ar rcs $@ $^
# The library is compiled once with the sanitizers; each test links it.
SAN_OBJ := $(patsubst src/%.c,build/san-obj/%.o,$(SRC))
.SECONDARY: $(SAN_OBJ)
build/san-obj/%.o: src/%.c $(HDR) | $(SETUP)
	@mkdir -p $(@D)
	$(CC) $(SAN_FLAGS) -c $< -o $@
build/tests/%: tests/c/%.c tests/c/check.h $(SAN_OBJ) | $(SETUP)
	@mkdir -p $(@D)
	$(CC) $(SAN_FLAGS) $< $(SAN_OBJ) -o $@ -lm

# ---- the two commands of the README -----------------------------------------
serve: build
	node build-scripts/serve.mjs web $(PORT)

test: build build/.setup-browser
	@$(MAKE) --no-print-directory test-c test-fuzz test-js test-browser

test-c: $(C_TESTS)
	@fail=0; for t in $(C_TESTS); do $$t || fail=1; done; exit $$fail
test-js: $(WASM) $(CONSTANTS)
	node --test --test-reporter=spec tests/js/
test-browser: $(WASM) $(CONSTANTS) $(VENDOR) build/.setup-browser
	node --test --test-concurrency=1 --test-reporter=spec tests/browser/

# The C tests again, unsanitized, under valgrind's memcheck (slow: not part of `make test`).
build/vg/%: tests/c/%.c tests/c/check.h $(SRC) $(HDR) | $(SETUP)
	@mkdir -p $(@D)
	$(CC) $(CSTD) -O1 -g $< $(SRC) -o $@ -lm
test-valgrind: $(patsubst build/tests/%,build/vg/%,$(C_TESTS))
	@command -v valgrind >/dev/null || build-scripts/setup.sh valgrind
	@fail=0; for t in $^; do valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=all $$t >/dev/null || { echo "valgrind: $$t failed"; fail=1; }; done; \
	  [ $$fail = 0 ] && echo "valgrind: $(words $^) test programs clean"; exit $$fail

# ---- fuzzing: libFuzzer + ASan + UBSan (clang) ------------------------------------
# tests/fuzz/fuzz_<area>.c drives one area's exported API; its seed corpus is
# tests/fuzz/corpus/fuzz_<area>/. Runs read that corpus and write what they find to
# build/fuzz/<target>.new (never into tests/); keep good finds with
#   build/fuzz/<target> -merge=1 tests/fuzz/corpus/<target> build/fuzz/<target>.new
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_OBJ := $(patsubst src/%.c,build/fuzz-obj/%.o,$(SRC))
FUZZ_FLAGS := $(CSTD) -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_SECONDS ?= 60
.SECONDARY: $(FUZZ_OBJ)
build/.setup-fuzz: build-scripts/setup.sh
	@mkdir -p build
	build-scripts/setup.sh fuzz
	@touch $@
build/fuzz-obj/%.o: src/%.c $(HDR) | build/.setup-fuzz
	@mkdir -p $(@D)
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c $< -o $@
build/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(FUZZ_OBJ) | build/.setup-fuzz
	@mkdir -p $(@D)
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer $< $(FUZZ_OBJ) -o $@ -lm
# $(call fuzz_run,target,seconds,max executions): one line per target, the log on a crash.
fuzz_run = d=build/fuzz/$(1).new; log=build/fuzz/$(1).log; rm -rf $$d; mkdir -p $$d; \
  if build/fuzz/$(1) $$d tests/fuzz/corpus/$(1) -max_total_time=$(2) -runs=$(3) -timeout=10 \
       -rss_limit_mb=2048 -artifact_prefix=build/fuzz/$(1)- -print_final_stats=1 >$$log 2>&1; then \
    echo "$(1): $$(sed -n 's/^stat::number_of_executed_units: *//p' $$log) executions in at most $(2) s, no crash"; \
  else tail -n 40 $$log; echo "$(1): CRASH, input saved as build/fuzz/$(1)-*, log in $$log"; exit 1; fi
fuzz: $(addprefix build/fuzz/,$(FUZZ_TARGETS))
	@fail=0; for t in $(FUZZ_TARGETS); do ( $(call fuzz_run,$$t,$(FUZZ_SECONDS),100000000) ) || fail=1; done; exit $$fail
# `make test` only replays the committed corpora: the same tree gives the same result
# every time. Exploring (which may find something new at random) is `make fuzz`.
test-fuzz: $(addprefix build/fuzz/,$(FUZZ_TARGETS))
	@fail=0; for t in $(FUZZ_TARGETS); do log=build/fuzz/$$t.replay.log; \
	  if build/fuzz/$$t -runs=0 -timeout=10 -rss_limit_mb=2048 tests/fuzz/corpus/$$t >$$log 2>&1; then \
	    echo "$$t: $$(ls tests/fuzz/corpus/$$t | wc -l) corpus inputs replayed, no crash"; \
	  else tail -n 40 $$log; echo "$$t: CRASH replaying tests/fuzz/corpus/$$t, log in $$log"; fail=1; fi; done; exit $$fail

# ---- benchmarks and distribution --------------------------------------------
build/bench-native: bench/native.c $(SRC) $(HDR) | $(SETUP)
	$(CC) $(CSTD) -O3 -march=native $< $(SRC) -o $@ -lm
build/bench-native-dl: bench/native_dl.c $(SRC) $(HDR) | $(SETUP)
	$(CC) $(CSTD) -O3 -march=native $< $(SRC) -o $@ -lm
# The f64 SIMD ceiling every GEMM figure is compared with.
build/bench-peak.wasm: bench/peak.c | $(SETUP)
	@mkdir -p $(@D)
	$(EMCC) -O3 -msimd128 -sSTANDALONE_WASM --no-entry -sEXPORTED_FUNCTIONS=_peak_f64x2,_peak_flops_per_iter $< -o $@
# The TensorFlow.js peer comes from node_modules (dev dependencies); the page
# bench needs the browser.
bench: build dist $(NPM) build/.setup-browser build/bench-native build/bench-native-dl build/bench-peak.wasm
	node bench/run.mjs

dist: build
	node build-scripts/dist.mjs

# The figure gallery's thumbnails (web/gallery/, committed): rerun after changing an
# entry of web/js/demos/gallery-table.js or what its view draws (THUMBS="id ..." for some).
thumbs: build build/.setup-browser
	node build-scripts/thumbs.mjs $(THUMBS)

clean:
	rm -rf build web/wasm web/vendor web/data dist $(CONSTANTS)
