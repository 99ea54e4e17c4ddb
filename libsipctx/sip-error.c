/* sip-error.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-error.h"

/**
 * sip_error_quark:
 *
 * The quark of the `SIP_ERROR` domain.
 *
 * Returns: the error quark
 */
G_DEFINE_QUARK (sip-error-quark, sip_error)
