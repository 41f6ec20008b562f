#include "philox.h"

#include <gsl/gsl_rng.h>

/// Stores a block's four 64-bit words as eight 32-bit numbers, low half first.
static inline void store_block(const uint64_t block[4], uint32_t *out) {
    for (int i = 0; i < 4; i++) {
        out[2 * i] = (uint32_t)block[i];
        out[2 * i + 1] = (uint32_t)(block[i] >> 32);
    }
}

/// Blocks counter[0] and counter[0] + 1 of a stream, their rounds interleaved: the two chains of
/// multiplications are independent, so they run side by side. Same results as two calls of
/// `riskshare_philox4x64_10`.
static inline void philox4x64_10_two_blocks(const uint64_t counter[4], const uint64_t key[2], uint64_t a[4], uint64_t b[4]) {
    uint64_t a0 = counter[0], a1 = counter[1], a2 = counter[2], a3 = counter[3];
    uint64_t b0 = counter[0] + 1, b1 = counter[1], b2 = counter[2], b3 = counter[3];
    uint64_t k0 = key[0], k1 = key[1];
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            k0 += 0x9E3779B97F4A7C15u;
            k1 += 0xBB67AE8584CAA73Bu;
        }
        uint64_t alow0, alow1, blow0, blow1;
        uint64_t ahigh0 = riskshare_philox_mulhilo(0xD2E7470EE14C6C93u, a0, &alow0);
        uint64_t bhigh0 = riskshare_philox_mulhilo(0xD2E7470EE14C6C93u, b0, &blow0);
        uint64_t ahigh1 = riskshare_philox_mulhilo(0xCA5A826395121157u, a2, &alow1);
        uint64_t bhigh1 = riskshare_philox_mulhilo(0xCA5A826395121157u, b2, &blow1);
        a0 = ahigh1 ^ a1 ^ k0;
        b0 = bhigh1 ^ b1 ^ k0;
        a1 = alow1;
        b1 = blow1;
        a2 = ahigh0 ^ a3 ^ k1;
        b2 = bhigh0 ^ b3 ^ k1;
        a3 = alow0;
        b3 = blow0;
    }
    a[0] = a0, a[1] = a1, a[2] = a2, a[3] = a3;
    b[0] = b0, b[1] = b1, b[2] = b2, b[3] = b3;
}

void riskshare_philox_refill(riskshare_philox_state *state) {
    // Counter word 0 has 64 bits: a stream cannot run out (2^64 blocks).
    const uint64_t counter[4] = {state->block, state->stream[0], state->stream[1], state->stream[2]};
    uint64_t first[4], second[4];
    if (state->block == 0) {
        riskshare_philox4x64_10(counter, state->key, first);
        store_block(first, state->output);
        state->block = 1;
        state->end = 8;
    } else {
        philox4x64_10_two_blocks(counter, state->key, first, second);
        store_block(first, state->output);
        store_block(second, state->output + 8);
        state->block += 2;
        state->end = 16;
    }
    state->next = 0;
}

static void philox_set(void *state, unsigned long int seed) {
    riskshare_philox_reset((riskshare_philox_state *)state, (uint64_t)seed, 0, 0, 0, 0);
}

static unsigned long int philox_get(void *state) {
    return riskshare_philox_next((riskshare_philox_state *)state);
}

static double philox_get_double(void *state) {
    return riskshare_philox_uniform((riskshare_philox_state *)state);
}

static const gsl_rng_type philox_type = {
    "philox4x64-10",                 // name
    0xFFFFFFFFUL,                    // max
    0,                               // min
    sizeof(riskshare_philox_state),  // size of the state GSL allocates
    &philox_set,
    &philox_get,
    &philox_get_double,
};

const void *riskshare_philox_gsl_type(void) { return &philox_type; }
