#pragma once

#include "store/event.h"

#include <QObject>

#include <functional>

namespace fw::store {

struct AppendResult
{
    bool ok = false;
    QString error;        // why the commit failed; the listener then answers 503
    int inserted = 0;     // new events
    int duplicates = 0;   // already stored: still a success, answered 2xx
};

// The seam between ingest and storage, faked in listener tests.
// append() may be called from any thread; the store groups appends from many callers into
// one transaction on its own thread and calls done() on context's thread after the commit
// (or the failure). eventsCommitted() carries only the events that were new, with their seq.
class EventStore : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(const AppendResult &)>;

    using QObject::QObject;
    ~EventStore() override = default;

    virtual void append(QList<Event> events, QObject *context, Done done) = 0;

Q_SIGNALS:
    void eventsCommitted(const QList<fw::store::Event> &events);
    void storageError(const QString &message);
};

} // namespace fw::store
