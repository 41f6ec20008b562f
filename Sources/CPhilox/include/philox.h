#ifndef RISKSHARE_PHILOX_H
#define RISKSHARE_PHILOX_H

// Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror and Shaw, "Parallel random
// numbers: as easy as 1, 2, 3" (SC'11): a keyed bijection of 128-bit counters. For a fixed key,
// distinct counters give distinct 128-bit outputs, so streams that own disjoint counter ranges
// can never share a number.
//
// A stream here is a key plus the three upper counter words; word 0 counts the stream's blocks
// of four 32-bit outputs. The functions are inline so that the simulation's hot loop draws
// uniforms without a call through GSL's function pointers; GSL's distributions reach the same
// state (and the same sequence) through the generator type `riskshare_philox_gsl_type`.

#include <stdint.h>

/// The state of one stream: key, counter of the next block, and the unused words of the last.
typedef struct {
    uint32_t key[2];
    /// counter[0] is the number of the next block of the stream; counter[1..3] name the stream.
    uint32_t counter[4];
    uint32_t output[4];
    /// Index of the next unused word of `output`; 4 when none is left.
    uint32_t next;
    /// 1 once all 2^32 blocks of the stream have been produced.
    uint32_t exhausted;
} riskshare_philox_state;

/// One Philox4x32 round: two 32 x 32 -> 64-bit products, their halves exchanged and mixed with
/// the other two words and the round key.
static inline void riskshare_philox4x32_round(uint32_t x[4], uint32_t k0, uint32_t k1) {
    uint64_t p0 = (uint64_t)0xD2511F53u * x[0];
    uint64_t p1 = (uint64_t)0xCD9E8D57u * x[2];
    uint32_t y0 = (uint32_t)(p1 >> 32) ^ x[1] ^ k0;
    uint32_t y1 = (uint32_t)p1;
    uint32_t y2 = (uint32_t)(p0 >> 32) ^ x[3] ^ k1;
    uint32_t y3 = (uint32_t)p0;
    x[0] = y0;
    x[1] = y1;
    x[2] = y2;
    x[3] = y3;
}

/// Philox4x32 with 10 rounds: `out` = f_key(`counter`). The round key is bumped by the Weyl
/// constants (golden ratio and sqrt(3) - 1, as 32-bit fractions) between rounds.
static inline void riskshare_philox4x32_10(const uint32_t counter[4], const uint32_t key[2], uint32_t out[4]) {
    uint32_t x[4] = {counter[0], counter[1], counter[2], counter[3]};
    uint32_t k0 = key[0], k1 = key[1];
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            k0 += 0x9E3779B9u;
            k1 += 0xBB67AE85u;
        }
        riskshare_philox4x32_round(x, k0, k1);
    }
    out[0] = x[0];
    out[1] = x[1];
    out[2] = x[2];
    out[3] = x[3];
}

/// Called when a stream would need a 2^32 + 1-th block: the process stops rather than reuse a
/// counter (which would repeat numbers or enter another stream).
void riskshare_philox_exhausted(void) __attribute__((noreturn, cold));

/// Points `state` at the start of the stream (key; c1, c2, c3): O(1), the next draw computes
/// block 0 of that stream.
static inline void riskshare_philox_reset(riskshare_philox_state *state, uint64_t key, uint32_t c1, uint32_t c2, uint32_t c3) {
    state->key[0] = (uint32_t)key;
    state->key[1] = (uint32_t)(key >> 32);
    state->counter[0] = 0;
    state->counter[1] = c1;
    state->counter[2] = c2;
    state->counter[3] = c3;
    state->next = 4;
    state->exhausted = 0;
}

/// The next 32-bit word of the stream, in the order out[0], out[1], out[2], out[3] of each block.
static inline uint32_t riskshare_philox_next(riskshare_philox_state *state) {
    if (__builtin_expect(state->next >= 4, 0)) {
        if (state->exhausted) riskshare_philox_exhausted();
        riskshare_philox4x32_10(state->counter, state->key, state->output);
        state->counter[0] += 1;
        if (state->counter[0] == 0) state->exhausted = 1;
        state->next = 0;
    }
    return state->output[state->next++];
}

/// Uniform on [0, 1) with 32 random bits: the next word times 2^-32 (GSL's `get_double`).
static inline double riskshare_philox_uniform(riskshare_philox_state *state) {
    return (double)riskshare_philox_next(state) * 0x1p-32;
}

/// Uniform on (0, 1): words equal to zero are skipped (GSL's `gsl_rng_uniform_pos`).
static inline double riskshare_philox_uniform_positive(riskshare_philox_state *state) {
    uint32_t word;
    do {
        word = riskshare_philox_next(state);
    } while (word == 0);
    return (double)word * 0x1p-32;
}

/// The generator as a GSL `gsl_rng_type` ("philox4x32-10", outputs 0 ... 2^32 - 1), to pass to
/// `gsl_rng_alloc`; its state is a `riskshare_philox_state`. `gsl_rng_set(r, s)` starts the
/// stream with key s and counter words 1-3 zero. Returned untyped so this header does not need
/// GSL's: cast it to `const gsl_rng_type *`.
const void *riskshare_philox_gsl_type(void);

#endif
