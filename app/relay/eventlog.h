#pragma once

#include "store/event.h"

#include <QDateTime>
#include <QList>
#include <QObject>

namespace fw::relay {

// What the relay server needs from the event store: ordered reads after a seq, the bounds of
// what is retained, pruning, and a signal for every commit. Called on the server's thread;
// reads are synchronous and bounded by maxCount.
class EventLog : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~EventLog() override = default;

    // Highest committed seq; 0 when nothing was ever stored.
    virtual qint64 headSeq() = 0;
    // Lowest retained seq; headSeq() + 1 when nothing is retained.
    virtual qint64 oldestSeq() = 0;
    virtual QDateTime oldestReceivedAt() = 0;
    virtual qint64 count() = 0;

    // Up to maxCount events with seq > after, ascending. False and *error on a storage failure.
    virtual bool readAfter(qint64 after, int maxCount, QList<store::Event> *events, QString *error) = 0;

    // Deletes events received before olderThan (when valid) and the oldest beyond maxEvents
    // (when > 0). Returns how many were deleted, or -1 and *error.
    virtual qint64 prune(const QDateTime &olderThan, qint64 maxEvents, QString *error) = 0;

Q_SIGNALS:
    // Newly committed events in ascending seq, once each, in commit order.
    void appended(const QList<fw::store::Event> &events);
};

} // namespace fw::relay
