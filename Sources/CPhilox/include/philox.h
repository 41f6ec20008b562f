#ifndef RISKSHARE_PHILOX_H
#define RISKSHARE_PHILOX_H

// Philox4x64-10, a counter-based generator of Salmon, Moraes, Dror and Shaw, "Parallel random
// numbers: as easy as 1, 2, 3" (SC'11): a keyed bijection of 256-bit counters (four 64-bit words)
// under a 128-bit key. For a fixed key, distinct counters give distinct outputs, so streams that
// own disjoint counter ranges can never share a number.
//
// A stream here is a key plus the three upper counter words; word 0 numbers the stream's blocks,
// each of which gives eight 32-bit numbers. The functions are inline so that the simulation's hot
// loop draws uniforms without a call through GSL's function pointers; GSL's distributions reach
// the same state (and the same sequence) through the generator type `riskshare_philox_gsl_type`.

#include <stdint.h>

/// The state of one stream: key, stream words, and the unused numbers of the last block.
typedef struct {
    uint64_t key[2];
    /// Counter words 1-3, which name the stream.
    uint64_t stream[3];
    /// Counter word 0 of the next block to compute.
    uint64_t block;
    /// The last one or two blocks computed, eight 32-bit numbers each: number 2i of a block is the
    /// low half of its 64-bit word i, number 2i + 1 the high half.
    uint32_t output[16];
    /// Index of the next unused number of `output`, and the number of numbers in it (8 or 16).
    uint32_t next;
    uint32_t end;
} riskshare_philox_state;

/// The 128-bit product a * b as its high (returned) and low (`low`) 64-bit halves.
static inline uint64_t riskshare_philox_mulhilo(uint64_t a, uint64_t b, uint64_t *low) {
    unsigned __int128 product = (unsigned __int128)a * b;
    *low = (uint64_t)product;
    return (uint64_t)(product >> 64);
}

/// Philox4x64 with 10 rounds: `out` = f_key(`counter`). Each round multiplies words 0 and 2 by
/// fixed odd constants and exchanges and mixes the halves of the products with words 1 and 3 and
/// the round key; the round key is bumped by Weyl constants (the golden ratio and sqrt(3) - 1 as
/// 64-bit fractions) between rounds.
static inline void riskshare_philox4x64_10(const uint64_t counter[4], const uint64_t key[2], uint64_t out[4]) {
    uint64_t x0 = counter[0], x1 = counter[1], x2 = counter[2], x3 = counter[3];
    uint64_t k0 = key[0], k1 = key[1];
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            k0 += 0x9E3779B97F4A7C15u;
            k1 += 0xBB67AE8584CAA73Bu;
        }
        uint64_t low0, low1;
        uint64_t high0 = riskshare_philox_mulhilo(0xD2E7470EE14C6C93u, x0, &low0);
        uint64_t high1 = riskshare_philox_mulhilo(0xCA5A826395121157u, x2, &low1);
        x0 = high1 ^ x1 ^ k0;
        x1 = low1;
        x2 = high0 ^ x3 ^ k1;
        x3 = low0;
    }
    out[0] = x0;
    out[1] = x1;
    out[2] = x2;
    out[3] = x3;
}

/// Computes the stream's next numbers into `output` (out of line): one block right after a reset
/// (most streams need few numbers), then two blocks at a time, whose independent rounds the
/// processor overlaps. The numbers do not depend on how many blocks are computed at once.
void riskshare_philox_refill(riskshare_philox_state *state);

/// Points `state` at the start of the stream (key; c1, c2, c3): O(1), the next draw computes
/// block 0 of that stream.
static inline void riskshare_philox_reset(riskshare_philox_state *state, uint64_t key0, uint64_t key1, uint64_t c1, uint64_t c2, uint64_t c3) {
    state->key[0] = key0;
    state->key[1] = key1;
    state->stream[0] = c1;
    state->stream[1] = c2;
    state->stream[2] = c3;
    state->block = 0;
    state->next = 0;
    state->end = 0;
}

/// The next 32-bit number of the stream: the eight of block 0, then of block 1, and so on.
static inline uint32_t riskshare_philox_next(riskshare_philox_state *state) {
    if (__builtin_expect(state->next >= state->end, 0)) riskshare_philox_refill(state);
    return state->output[state->next++];
}

/// Uniform on [0, 1) with 32 random bits: the next number times 2^-32 (GSL's `get_double`).
static inline double riskshare_philox_uniform(riskshare_philox_state *state) {
    return (double)riskshare_philox_next(state) * 0x1p-32;
}

/// The generator as a GSL `gsl_rng_type` ("philox4x64-10", numbers 0 ... 2^32 - 1), to pass to
/// `gsl_rng_alloc`; its state is a `riskshare_philox_state`. `gsl_rng_set(r, s)` starts the
/// stream with key (s, 0) and counter words 1-3 zero. Returned untyped so this header does not
/// need GSL's: cast it to `const gsl_rng_type *`.
const void *riskshare_philox_gsl_type(void);

#endif
