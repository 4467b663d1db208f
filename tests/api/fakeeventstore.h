#pragma once

#include "store/eventstore.h"

#include <QSet>
#include <QTimer>

namespace fw::test {

// Keeps events in memory, deduplicating by created_at_timeuuid (else the raw JSON).
class FakeEventStore final : public store::EventStore
{
public:
    void append(QList<store::Event> events, QObject *context, Done done) override
    {
        ++appends;
        store::AppendResult result{true, {}, 0, 0};
        QList<store::Event> fresh;
        for (store::Event &event : events) {
            const QString key = event.alert.createdAtTimeuuid.isEmpty() ? QString::fromUtf8(event.alert.json)
                                                                        : event.alert.createdAtTimeuuid;
            if (m_keys.contains(key)) {
                ++result.duplicates;
                continue;
            }
            m_keys.insert(key);
            event.seq = ++m_seq;
            stored.append(event);
            fresh.append(event);
            ++result.inserted;
        }
        QTimer::singleShot(0, context, [this, done, result, fresh] {
            if (!fresh.isEmpty())
                Q_EMIT eventsCommitted(fresh);
            done(result);
        });
    }

    QList<store::Event> stored;
    int appends = 0;

private:
    QSet<QString> m_keys;
    qint64 m_seq = 0;
};

} // namespace fw::test
