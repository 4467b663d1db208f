#include "relay/storeeventlog.h"
#include "relay/storerelayposition.h"
#include "relayfakes.h"
#include "store/sqliteeventstore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw;

// The relay's adapters over the real SqliteEventStore: its event log and the client position.
class tst_StoreEventLog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsCommittedEventsInOrder();
    void prunesByCountAndAge();
    void recordsClientPositionInMeta();

private:
    static bool appendAll(store::SqliteEventStore &store, QList<store::Event> events);
};

bool tst_StoreEventLog::appendAll(store::SqliteEventStore &store, QList<store::Event> events)
{
    QObject context;
    bool done = false, ok = false;
    store.append(std::move(events), &context, [&](const store::AppendResult &result) {
        done = true;
        ok = result.ok;
    });
    return QTest::qWaitFor([&] { return done; }, 10000) && ok;
}

void tst_StoreEventLog::readsCommittedEventsInOrder()
{
    QTemporaryDir dir;
    store::SqliteEventStore store;
    QCOMPARE(store.open(dir.filePath(u"events.sqlite"_s)), QString());
    relay::StoreEventLog log(&store);
    QString error;
    QVERIFY2(log.open(&error), qPrintable(error));
    QSignalSpy appended(&log, &relay::EventLog::appended);
    QCOMPARE(log.headSeq(), 0);
    QCOMPARE(log.oldestSeq(), 1);

    QList<store::Event> events;
    for (int i = 0; i < 30; ++i)
        events.append(test::makeEvent(i));
    events.append(test::makeEvent(3)); // a duplicate: stored once
    QVERIFY(appendAll(store, events));
    QTRY_COMPARE(appended.size(), 1);
    const auto committed = appended.first().at(0).value<QList<store::Event>>();
    QCOMPARE(committed.size(), 30);

    QCOMPARE(log.headSeq(), 30);
    QCOMPARE(log.oldestSeq(), 1);
    QCOMPARE(log.count(), 30);
    QList<store::Event> read;
    QVERIFY(log.readAfter(10, 5, &read, &error));
    QCOMPARE(read.size(), 5);
    QCOMPARE(read.first().seq, 11);
    QCOMPARE(read.last().seq, 15);
    QCOMPARE(read.first().dedupKey, committed.at(10).dedupKey);
    QCOMPARE(read.first().alert.json, committed.at(10).alert.json);
    QVERIFY(read.first().signatureVerified);
    QCOMPARE(read.first().receivedAt.toMSecsSinceEpoch(), committed.at(10).receivedAt.toMSecsSinceEpoch());
}

void tst_StoreEventLog::prunesByCountAndAge()
{
    QTemporaryDir dir;
    store::SqliteEventStore store;
    QCOMPARE(store.open(dir.filePath(u"events.sqlite"_s)), QString());
    relay::StoreEventLog log(&store);
    QString error;
    QVERIFY(log.open(&error));

    QList<store::Event> old;
    for (int i = 0; i < 10; ++i) {
        old.append(test::makeEvent(i));
        old.last().receivedAt = QDateTime::currentDateTimeUtc().addDays(-40);
    }
    QVERIFY(appendAll(store, old));
    QList<store::Event> fresh;
    for (int i = 10; i < 5010; ++i)
        fresh.append(test::makeEvent(i));
    QVERIFY(appendAll(store, fresh));

    QCOMPARE(log.prune(QDateTime::currentDateTimeUtc().addDays(-30), 0, &error), 10);
    QCOMPARE(log.oldestSeq(), 11);
    QCOMPARE(log.prune({}, 2500, &error), 2500); // more than one deletion chunk
    QCOMPARE(log.count(), 2500);
    QCOMPARE(log.oldestSeq(), 2511);
    QCOMPARE(log.oldestReceivedAt().isValid(), true);
    QCOMPARE(log.prune({}, 2500, &error), 0);

    // New commits keep growing from the head.
    QVERIFY(appendAll(store, {test::makeEvent(99999)}));
    QCOMPARE(log.headSeq(), 5011);
}

void tst_StoreEventLog::recordsClientPositionInMeta()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"dashboard.sqlite"_s);
    {
        store::SqliteEventStore store;
        QCOMPARE(store.open(path), QString());
        relay::StoreRelayPosition position(&store);
        QCOMPARE(position.loadPosition().lastSeq, 0);
        QString error;
        QVERIFY(position.savePosition({u"relay-1"_s, 4242, 7}, &error));
        QVERIFY(store.flush());
    }
    store::SqliteEventStore reopened;
    QCOMPARE(reopened.open(path), QString());
    const relay::RelayPosition position = relay::StoreRelayPosition(&reopened).loadPosition();
    QCOMPARE(position.serverId, u"relay-1"_s);
    QCOMPARE(position.lastSeq, 4242);
    QCOMPARE(position.lastAckSeq, 7);
}

QTEST_GUILESS_MAIN(tst_StoreEventLog)
#include "tst_storeeventlog.moc"
