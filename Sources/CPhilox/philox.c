#include "philox.h"

#include <gsl/gsl_rng.h>

void riskshare_philox_refill(riskshare_philox_state *state) {
    // Counter word 0 has 64 bits: a stream cannot run out (2^64 blocks).
    const uint64_t counter[4] = {state->block, state->stream[0], state->stream[1], state->stream[2]};
    uint64_t block[4];
    riskshare_philox4x64_10(counter, state->key, block);
    for (int i = 0; i < 4; i++) {
        state->output[2 * i] = (uint32_t)block[i];
        state->output[2 * i + 1] = (uint32_t)(block[i] >> 32);
    }
    state->block += 1;
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
