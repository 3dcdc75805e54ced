DROP TABLE learned_pairs, learned_stems, learned_links, search_note_queue, search_queue, note_tokens, note_keys, passage_tokens, passage_keys,
    search_forms, search_passages, search_keyer, search_documents, login_failures, ocr_confusions,
    suggestion_dismissals, word_boxes, page_images, idempotency_keys, alignment_edits, annotations,
    api_tokens, sessions, changes, segments, link_refs, links, derivation_steps, base_texts, documents, users;
DROP FUNCTION learned_links_insert, learned_links_delete, queue_note, queue_document, refuse_change;
DROP FUNCTION substr(text, bigint, bigint);
DROP COLLATION nocase;
