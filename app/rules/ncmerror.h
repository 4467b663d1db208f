#pragma once

#include "rules/ruleissue.h"

namespace fw::api {
struct ApiReply;
}

namespace fw::rules {

// NCM's answer to a write, in plain words for the operator.
struct NcmError
{
    int status = 0;
    QString sentence;       // what happened and what to do; empty when the write succeeded
    QString ncmMessage;     // NCM's own words, when it gave any
    FieldIssues fields;     // from a 400: the fields NCM named, with its messages

    bool isError() const { return !sentence.isEmpty(); }
};

// what: "the rule", "the destination NOC". Field errors are read from NCM's bodies:
// {"fields": {"name": ["..."]}}, {"errors": [{"field": ..., "message": ...}]} and
// {"name": ["..."]}.
NcmError explainReply(const api::ApiReply &reply, const QString &what);

// NCM field names mapped onto the editor's fields (associated_groups -> scope, ...).
QString editorField(const QString &ncmField);

} // namespace fw::rules
