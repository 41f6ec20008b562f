#include "philox.h"

#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>

void riskshare_philox_exhausted(void) {
    fputs("riskshare: a random stream used all of its 2^34 numbers; stopping rather than reuse one\n", stderr);
    abort();
}

static void philox_set(void *state, unsigned long int seed) {
    riskshare_philox_reset((riskshare_philox_state *)state, (uint64_t)seed, 0, 0, 0);
}

static unsigned long int philox_get(void *state) {
    return riskshare_philox_next((riskshare_philox_state *)state);
}

static double philox_get_double(void *state) {
    return riskshare_philox_uniform((riskshare_philox_state *)state);
}

static const gsl_rng_type philox_type = {
    "philox4x32-10",                 // name
    0xFFFFFFFFUL,                    // max
    0,                               // min
    sizeof(riskshare_philox_state),  // size of the state GSL allocates
    &philox_set,
    &philox_get,
    &philox_get_double,
};

const void *riskshare_philox_gsl_type(void) { return &philox_type; }
