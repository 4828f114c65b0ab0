/*
 * summarize.h - the public header of libsummarize: include only this.
 *
 * The library runs a news article through the pipeline stages
 *
 *   ingest -> normalize -> segment -> tokenize -> stem -> score -> select
 *          -> tag -> parse -> ner -> facts -> render
 *
 * over one document model (doc.h).  pipeline.h drives them all behind one
 * per-thread handle; the stage headers below expose each step for programs
 * that want one layer only; input.h and batch.h read inputs and run whole
 * batches on threads, as the summarize program does.  Link with
 * `pkg-config --libs summarize`.
 */
#ifndef SM_SUMMARIZE_H
#define SM_SUMMARIZE_H

#include "common.h"
#include "doc.h"
#include "lexicon.h"
#include "ingest.h"
#include "normalize.h"
#include "segment.h"
#include "tokenize.h"
#include "stem.h"
#include "score.h"
#include "select.h"
#include "tag.h"
#include "parse.h"
#include "ner.h"
#include "facts.h"
#include "render.h"
#include "pipeline.h"
#include "input.h"
#include "batch.h"

#endif /* SM_SUMMARIZE_H */
