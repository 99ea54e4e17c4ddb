/* sip-i18n-private.h: the library's translatable messages
 *
 * The GError messages libsipctx gives to applications are meant for people,
 * so they are translated, in the libsipctx gettext domain. `_()` here binds
 * that domain on first use, whichever function of the library comes first,
 * as GLib's own glibintl.h does.
 *
 * Only messages for people: not g_debug()/g_warning() (for developers) and
 * not SIP reason phrases on the wire.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib/gi18n-lib.h>

G_BEGIN_DECLS

const char *sip_gettext (const char *msgid) G_GNUC_FORMAT (1);

G_END_DECLS

#undef _
#define _(String) sip_gettext (String)
