#ifndef RISKSHARE_CGSL_SHIM_H
#define RISKSHARE_CGSL_SHIM_H

// Do not define HAVE_INLINE here: Swift would emit GSL's inline functions in every object
// and the link would fail with multiple definitions.
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_version.h>

// Swift 6 rejects GSL's exported mutable globals; these accessors hand them over as values.
static inline const gsl_rng_type *riskshare_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *riskshare_rng_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_qrng_type *riskshare_qrng_sobol(void) { return gsl_qrng_sobol; }
static inline const char *riskshare_gsl_version(void) { return gsl_version; }
static inline gsl_root_fsolver_type const *riskshare_root_brent(void) { return gsl_root_fsolver_brent; }
static inline gsl_min_fminimizer_type const *riskshare_min_brent(void) { return gsl_min_fminimizer_brent; }
static inline gsl_multimin_fminimizer_type const *riskshare_multimin_nmsimplex2(void) { return gsl_multimin_fminimizer_nmsimplex2; }

#endif
