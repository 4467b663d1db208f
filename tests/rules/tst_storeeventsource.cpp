#include "rules/auditlog.h"
#include "rules/storeeventsource.h"
#include "store/sqliteeventstore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw::rules;

// The dry run over the real SQLite store, and the audit log beside it in the same file.
class TestStoreEventSource final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dryRunOverTheStoreWithTheAuditLogInTheSameFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"events.sqlite"_s);
        fw::store::SqliteEventStore store;
        QCOMPARE(store.open(path), QString());
        AuditLog audit;
        QCOMPARE(audit.open(path), QString());

        const QDateTime now = QDateTime::currentDateTimeUtc();
        QList<fw::store::Event> events;
        for (int i = 0; i < 30; ++i) {
            fw::store::Event e;
            e.alert.type = i % 2 ? u"sim_door_event"_s : u"wwan_connected"_s;
            e.alert.routerId = u"r%1"_s.arg(i % 3);
            e.alert.accountId = u"42"_s;
            e.alert.detectedAt = now.addSecs(-3600 * 12 * i); // the last 15 days
            e.alert.json = "{}";
            events.append(e);
        }
        bool appended = false;
        store.append(events, this, [&appended](const fw::store::AppendResult &r) { appended = r.ok; });
        QTRY_VERIFY(appended);
        QVERIFY(audit.record(AuditEntry{0, {}, u"t"_s, u"create rule"_s, u"POST"_s, u"alert_rules/"_s, {}, {}, {}, 201, {}, u"ok"_s}) > 0);

        AlertRule rule;
        rule.types = {u"sim_door_event"_s};
        rule.associatedAccounts = {u"42"_s};
        std::optional<DryRunResult> result;
        storeEventSource(&store)(rule.types, now.addDays(-7), now.addSecs(1), this,
                                 [&](const QList<fw::store::Event> &found, const QString &error) {
                                     QVERIFY(error.isEmpty());
                                     result = dryRun(rule, found, {}, now.addDays(-7), now.addSecs(1));
                                 });
        QTRY_VERIFY(result);
        // Odd i with 12 h * i < 7 days: i = 1, 3, ..., 13.
        QCOMPARE(result->total, 7);
        QCOMPARE(result->routers.size(), 3);
        QCOMPARE(audit.entries().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestStoreEventSource)
#include "tst_storeeventsource.moc"
