#include "api/callledger.h"
#include "api/clock.h"
#include "store/sqliteeventstore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw::api;

namespace {

class ManualClock final : public Clock
{
public:
    QDateTime now() const override { return m_now; }
    double speed() const override { return 1.0; }
    void advanceDays(int days) { m_now = m_now.addDays(days); }

private:
    QDateTime m_now = QDateTime(QDate(2026, 3, 1), QTime(23, 0), Qt::UTC);
};

} // namespace

class tst_CallLedger final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsPerEndpointAndDay();
    void persistsInSettings();
    void persistsInStoreMeta();
    void prunesOldDays();

private:
    QTemporaryDir m_dir;
};

void tst_CallLedger::countsPerEndpointAndDay()
{
    ManualClock clock;
    CallLedger ledger(std::make_unique<MemoryCallCountStore>(), &clock);
    QSignalSpy recorded(&ledger, &CallLedger::callRecorded);

    ledger.record(u"routers"_s);
    ledger.record(u"routers"_s);
    ledger.record(u"alerts"_s);
    clock.advanceDays(1);
    ledger.record(u"alerts"_s);

    QCOMPARE(ledger.callsOn(QDate(2026, 3, 1)), 3);
    QCOMPARE(ledger.perEndpoint(QDate(2026, 3, 1)).value(u"routers"_s), 2);
    QCOMPARE(ledger.callsToday(), 1);
    QCOMPARE(ledger.total(), 4);
    QCOMPARE(recorded.size(), 4);
    QCOMPARE(recorded.last().value(1).toLongLong(), 1);
}

void tst_CallLedger::persistsInSettings()
{
    ManualClock clock;
    const QString ini = m_dir.filePath(u"calls.ini"_s);
    {
        CallLedger ledger(std::make_unique<SettingsCallCountStore>(ini), &clock);
        ledger.record(u"routers"_s);
        ledger.record(u"net_device_metrics"_s);
    }
    CallLedger reopened(std::make_unique<SettingsCallCountStore>(ini), &clock);
    QCOMPARE(reopened.callsToday(), 2);
    QCOMPARE(reopened.perEndpoint(clock.now().date()).value(u"net_device_metrics"_s), 1);
}

void tst_CallLedger::persistsInStoreMeta()
{
    ManualClock clock;
    const QString path = m_dir.filePath(u"events.db"_s);
    {
        fw::store::SqliteEventStore store;
        QCOMPARE(store.open(path), QString());
        CallLedger ledger(std::make_unique<MetaCallCountStore>(&store), &clock);
        ledger.record(u"alerts"_s);
        ledger.record(u"alerts"_s);
        QVERIFY(store.flush());
    }
    fw::store::SqliteEventStore store;
    QCOMPARE(store.open(path), QString());
    CallLedger reopened(std::make_unique<MetaCallCountStore>(&store), &clock);
    QCOMPARE(reopened.perEndpoint(clock.now().date()).value(u"alerts"_s), 2);
}

void tst_CallLedger::prunesOldDays()
{
    ManualClock clock;
    auto counts = std::make_unique<MemoryCallCountStore>();
    counts->save(u"2025-01-01/routers"_s, 7);
    counts->save(u"garbage"_s, 1);
    counts->save(u"2026-02-28/routers"_s, 3);
    MemoryCallCountStore *raw = counts.get();
    CallLedger ledger(std::move(counts), &clock);

    QCOMPARE(ledger.total(), 3);
    QCOMPARE(raw->load().size(), 1);
}

QTEST_GUILESS_MAIN(tst_CallLedger)
#include "tst_callledger.moc"
