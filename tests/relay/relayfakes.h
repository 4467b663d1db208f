#pragma once

#include "ncm/alertparser.h"
#include "relay/eventlog.h"
#include "relay/relayclient.h"
#include "store/eventstore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>
#include <QPointer>
#include <QSet>

// Fakes for the relay tests: an in-memory event log on the server side and an in-memory
// dashboard store (events plus relay position) on the client side.
namespace fw::test {

using namespace Qt::Literals::StringLiterals;

inline store::Event makeEvent(int index, int infoBytes = 0)
{
    const QJsonObject object{
        {u"type"_s, u"wwan_connected"_s},
        {u"router"_s, u"https://www.cradlepointecm.com/api/v2/routers/%1/"_s.arg(index % 97)},
        {u"detected_at"_s, u"2026-12-03T10:00:00.%1+00:00"_s.arg(index % 1000000, 6, 10, QLatin1Char('0'))},
        {u"created_at_timeuuid"_s, u"uuid-%1"_s.arg(index)},
        {u"friendly_info"_s, u"Router %1 connected"_s.arg(index)},
        {u"info"_s, QJsonObject{{u"n"_s, index}, {u"pad"_s, QString(infoBytes, QLatin1Char('x'))}}},
    };
    store::Event event;
    event.alert = *ncm::parseAlert(object);
    event.receivedAt = QDateTime::currentDateTimeUtc();
    event.signatureVerified = true;
    event.dedupKey = "key-" + QByteArray::number(index);
    return event;
}

class MemoryEventLog final : public relay::EventLog
{
public:
    // Assigns seqs and announces the events, like a store commit.
    void add(QList<store::Event> events)
    {
        for (store::Event &event : events) {
            event.seq = ++m_head;
            m_events.append(event);
        }
        Q_EMIT appended(events);
    }
    void addMany(int count, int infoBytes = 0)
    {
        QList<store::Event> events;
        for (int i = 0; i < count; ++i)
            events.append(makeEvent(m_made++, infoBytes));
        add(events);
    }

    qint64 headSeq() override { return m_head; }
    qint64 oldestSeq() override { return m_events.isEmpty() ? m_head + 1 : m_events.first().seq; }
    QDateTime oldestReceivedAt() override
    {
        return m_events.isEmpty() ? QDateTime() : m_events.first().receivedAt;
    }
    qint64 count() override { return m_events.size(); }
    bool readAfter(qint64 after, int maxCount, QList<store::Event> *events, QString *error) override
    {
        ++reads;
        if (failReads) {
            *error = u"simulated read failure"_s;
            return false;
        }
        for (const store::Event &event : std::as_const(m_events)) {
            if (event.seq > after && events->size() < maxCount)
                events->append(event);
        }
        return true;
    }
    qint64 prune(const QDateTime &olderThan, qint64 maxEvents, QString *) override
    {
        qint64 removed = 0;
        while (!m_events.isEmpty()
               && ((olderThan.isValid() && m_events.first().receivedAt < olderThan)
                   || (maxEvents > 0 && m_events.size() > maxEvents))) {
            m_events.removeFirst();
            ++removed;
        }
        return removed;
    }

    int reads = 0;
    bool failReads = false;

private:
    QList<store::Event> m_events;
    qint64 m_head = 0;
    int m_made = 1;
};

// The dashboard's local store as the relay client sees it. Deduplicates by dedup key like
// the real store and answers later, on the context's thread.
class MemoryDashboardStore final : public store::EventStore, public relay::RelayPositionStore
{
public:
    void append(QList<store::Event> events, QObject *context, Done done) override
    {
        store::AppendResult result;
        result.ok = !failing;
        for (store::Event &event : events) {
            if (failing)
                break;
            if (m_keys.contains(event.dedupKey)) {
                ++result.duplicates;
                ++duplicatesOffered;
                continue;
            }
            m_keys.insert(event.dedupKey);
            relaySeqs.append(event.seq);
            stored.append(event);
            ++result.inserted;
        }
        if (failing)
            result.error = u"simulated disk failure"_s;
        QPointer<QObject> guard(context);
        QMetaObject::invokeMethod(context, [guard, done = std::move(done), result] {
            if (guard)
                done(result);
        }, Qt::QueuedConnection);
    }

    relay::RelayPosition loadPosition() override { return position; }
    bool savePosition(const relay::RelayPosition &newPosition, QString *) override
    {
        position = newPosition;
        ++saves;
        return true;
    }

    QList<store::Event> stored;
    QList<qint64> relaySeqs; // in arrival order, duplicates excluded
    relay::RelayPosition position;
    int saves = 0;
    int duplicatesOffered = 0;
    bool failing = false;

private:
    QSet<QByteArray> m_keys;
};

} // namespace fw::test
