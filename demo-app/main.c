/* main.c: sipctx-demo, the GTK 4 demo softphone of libsipctx
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "sd-application.h"

/* Run from the build tree (./run demo), the schema is not installed: use
 * the one compiled in the build directory. */
static gboolean
find_schema (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *exe_dir = exe ? g_path_get_dirname (exe) : NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source;

  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL && exe_dir != NULL &&
      g_str_equal (exe_dir, BUILD_DIR))
    g_setenv ("GSETTINGS_SCHEMA_DIR", BUILD_SCHEMA_DIR, TRUE);

  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);

  return schema != NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SdApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* The library's domain too: it binds it to the same directory. */
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!find_schema ())
    {
      g_printerr (_("The GSettings schema %s is not installed: install the demo "
                    "(meson install), or point GSETTINGS_SCHEMA_DIR at a directory "
                    "where it is compiled.\n"), APPLICATION_ID);
      return 1;
    }

  app = sd_application_new (NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
