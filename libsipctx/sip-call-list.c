/* sip-call-list.c: the live calls of a user agent, as a list model
 *
 * A GListStore finds an item by walking the list, so ending one of N
 * calls cost O(N): with thousands of calls held, every hang-up paid for
 * all the others. This model keeps each call's place in a GSequence (a
 * balanced tree) in a hash table: a call is found in O(1) and its
 * position computed, and it is removed, in O(log N).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-call-list-private.h"

struct _SipCallList
{
  GObject     parent_instance;

  GSequence  *calls;    /* SipInviteContext*, a reference each */
  GHashTable *places;   /* SipInviteContext* -> its GSequenceIter */
};

static void sip_call_list_model_init (GListModelInterface *iface);

static guint items_changed_signal;

G_DEFINE_FINAL_TYPE_WITH_CODE (SipCallList, sip_call_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      sip_call_list_model_init))

static GType
sip_call_list_get_item_type (GListModel *model)
{
  return SIP_TYPE_INVITE_CONTEXT;
}

static guint
sip_call_list_get_n_items (GListModel *model)
{
  return g_sequence_get_length (SIP_CALL_LIST (model)->calls);
}

static gpointer
sip_call_list_get_item (GListModel *model,
                        guint       position)
{
  SipCallList *self = SIP_CALL_LIST (model);
  GSequenceIter *iter = g_sequence_get_iter_at_pos (self->calls, position);

  if (g_sequence_iter_is_end (iter))
    return NULL;

  return g_object_ref (g_sequence_get (iter));
}

static void
sip_call_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = sip_call_list_get_item_type;
  iface->get_n_items = sip_call_list_get_n_items;
  iface->get_item = sip_call_list_get_item;
}

static void
sip_call_list_finalize (GObject *object)
{
  SipCallList *self = SIP_CALL_LIST (object);

  g_hash_table_unref (self->places);
  g_sequence_free (self->calls);

  G_OBJECT_CLASS (sip_call_list_parent_class)->finalize (object);
}

static void
sip_call_list_class_init (SipCallListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sip_call_list_finalize;
}

/* Every call comes and goes through here: its position is computed, and
 * the signal emitted, only for a list someone watches (a GTK list). */
static gboolean
watched (SipCallList *self)
{
  /* Looked up here: the interface has its signal once an instance is. */
  if (items_changed_signal == 0)
    items_changed_signal = g_signal_lookup ("items-changed", G_TYPE_LIST_MODEL);
  return g_signal_has_handler_pending (self, items_changed_signal, 0, FALSE);
}

static void
sip_call_list_init (SipCallList *self)
{
  self->calls = g_sequence_new (g_object_unref);
  self->places = g_hash_table_new (NULL, NULL);
}

SipCallList *
sip_call_list_new (void)
{
  return g_object_new (SIP_TYPE_CALL_LIST, NULL);
}

void
sip_call_list_append (SipCallList      *self,
                      SipInviteContext *call)
{
  GSequenceIter *iter;

  if (g_hash_table_contains (self->places, call))
    return;

  iter = g_sequence_append (self->calls, g_object_ref (call));
  g_hash_table_insert (self->places, call, iter);
  if (watched (self))
    g_list_model_items_changed (G_LIST_MODEL (self), g_sequence_iter_get_position (iter), 0, 1);
}

void
sip_call_list_remove (SipCallList      *self,
                      SipInviteContext *call)
{
  GSequenceIter *iter = g_hash_table_lookup (self->places, call);
  gboolean notify;
  guint position;

  if (iter == NULL)
    return;

  notify = watched (self);
  position = notify ? g_sequence_iter_get_position (iter) : 0;
  g_hash_table_remove (self->places, call);
  /* Drops the list's reference: after the table forgot the call. */
  g_sequence_remove (iter);
  if (notify)
    g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}
