#pragma once

#include "store/eventstore.h"

#include <QMetaObject>
#include <QMutex>
#include <QPointer>
#include <QTimer>

#include <atomic>

// The in-memory EventStore the listener tests use: records appends, can fail on demand, and
// answers on the context's thread like the real store. A dedup key of its own (router,
// type, detected_at) lets it report duplicates.
namespace fw::test {

class FakeEventStore final : public store::EventStore
{
public:
    void append(QList<store::Event> events, QObject *context, Done done) override
    {
        QPointer<QObject> guard(context);
        store::AppendResult result;
        {
            QMutexLocker lock(&m_mutex);
            ++m_appends;
            if (m_fail) {
                result.error = QStringLiteral("disk I/O error (simulated)");
            } else {
                result.ok = true;
                for (store::Event &event : events) {
                    const QString key = event.alert.routerId + u'|' + event.alert.type + u'|'
                        + event.alert.detectedAt.toString(Qt::ISODateWithMs);
                    if (m_keys.contains(key)) {
                        ++result.duplicates;
                        continue;
                    }
                    m_keys.append(key);
                    m_events.append(event);
                    ++result.inserted;
                }
            }
        }
        // Like the real store: done() later, on the context's thread.
        QMetaObject::invokeMethod(context, [guard, done = std::move(done), result] {
            if (guard)
                done(result);
        }, Qt::QueuedConnection);
    }

    void setFailing(bool fail)
    {
        QMutexLocker lock(&m_mutex);
        m_fail = fail;
    }
    QList<store::Event> events() const
    {
        QMutexLocker lock(&m_mutex);
        return m_events;
    }
    int appends() const
    {
        QMutexLocker lock(&m_mutex);
        return m_appends;
    }

private:
    mutable QMutex m_mutex;
    QList<store::Event> m_events;
    QStringList m_keys;
    int m_appends = 0;
    bool m_fail = false;
};

} // namespace fw::test
