/* sip-i18n.c: the library's gettext domain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-i18n-private.h"

/* Binds the domain once, to the locale directory of the installation, so
 * that messages are found whatever text domain the application uses. */
static void
ensure_text_domain (void)
{
  static gsize bound = 0;

  if (g_once_init_enter (&bound))
    {
      bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_once_init_leave (&bound, 1);
    }
}

/* @msgid in the user's language, or @msgid itself. */
const char *
sip_gettext (const char *msgid)
{
  ensure_text_domain ();
  return g_dgettext (GETTEXT_PACKAGE, msgid);
}

/* @msgid in the user's language, as translated in @context. */
const char *
sip_pgettext (const char *context,
              const char *msgid)
{
  ensure_text_domain ();
  return g_dpgettext2 (GETTEXT_PACKAGE, context, msgid);
}
