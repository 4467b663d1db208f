#pragma once

#include "store/event.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace fw::store {

// A filter over stored events. Empty fields do not filter. Results are newest first (highest
// seq first) unless ascending is set, which with afterSeq pages forward (relay resume, rebuild).
struct EventQuery
{
    int limit = 200;             // at most MaxLimit
    qint64 beforeSeq = 0;        // > 0: only seq < beforeSeq (paging backwards)
    qint64 afterSeq = 0;         // > 0: only seq > afterSeq
    bool ascending = false;
    QString routerId;
    QDateTime from;              // detected_at >= from (UTC)
    QDateTime to;                // detected_at < to (UTC)
    QStringList types;
    QStringList categories;
    QString text;                // words matched as prefixes in friendly_info, type, router name, title

    static constexpr int MaxLimit = 10'000;
};

struct QueryResult
{
    QList<Event> events;
    QString error;               // empty when the query ran
    bool ok() const { return error.isEmpty(); }
};

} // namespace fw::store
