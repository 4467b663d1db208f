#include "rules/dryrun.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;
using namespace fw::rules;

namespace {

const QDateTime s_to = QDateTime(QDate(2026, 12, 3), QTime(12, 0), Qt::UTC);
const QDateTime s_from = s_to.addDays(-7);

fw::store::Event makeEvent(const QString &router, const QString &type, int hoursAgo)
{
    fw::store::Event e;
    e.alert.routerId = router;
    e.alert.routerDetails.name = u"Router "_s + router;
    e.alert.type = type;
    e.alert.detectedAt = s_to.addSecs(-3600 * hoursAgo);
    return e;
}

} // namespace

class TestDryRun final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsByRouterWithinScopeAndWindow()
    {
        AlertRule rule;
        rule.types = {u"connection_state"_s};
        rule.associatedGroups = {u"g1"_s};
        ScopeBook scope;
        scope.routerGroup = {{u"r1"_s, u"g1"_s}, {u"r2"_s, u"g1"_s}, {u"r3"_s, u"g2"_s}};

        const QList<fw::store::Event> events{
            makeEvent(u"r1"_s, u"connection_state"_s, 1), makeEvent(u"r1"_s, u"connection_state"_s, 30),
            makeEvent(u"r2"_s, u"connection_state"_s, 5), makeEvent(u"r3"_s, u"connection_state"_s, 2),
            makeEvent(u"r1"_s, u"wwan_connected"_s, 1),   makeEvent(u"r2"_s, u"connection_state"_s, 24 * 8),
            makeEvent(u"r9"_s, u"connection_state"_s, 3)};
        const DryRunResult result = dryRun(rule, events, scope, s_from, s_to);

        QCOMPARE(result.total, 4);       // r1 twice, r2 once in window, r9 unknown group
        QCOMPARE(result.outsideScope, 1);
        QCOMPARE(result.scopeUnknown, 1);
        QCOMPARE(result.routers.size(), 3);
        QCOMPARE(result.routers.first().routerId, u"r1"_s);
        QCOMPARE(result.routers.first().count, 2);
        QCOMPARE(result.routers.first().routerName, u"Router r1"_s);
        QVERIFY(result.sentence().startsWith(u"Would have fired 4 times on 3 routers in the last 7 days"_s));
    }

    void accountScopeUsesTheEventsAccount()
    {
        AlertRule rule;
        rule.types = {u"sim_door_event"_s};
        rule.associatedAccounts = {u"42"_s};
        fw::store::Event in = makeEvent(u"r1"_s, u"sim_door_event"_s, 1);
        in.alert.accountId = u"42"_s;
        fw::store::Event out = makeEvent(u"r2"_s, u"sim_door_event"_s, 1);
        out.alert.accountId = u"43"_s;
        const DryRunResult result = dryRun(rule, {in, out}, {}, s_from, s_to);
        QCOMPARE(result.total, 1);
        QCOMPARE(result.outsideScope, 1);
    }

    void quietRuleSaysSo()
    {
        AlertRule rule;
        rule.types = {u"sim_door_event"_s};
        rule.associatedGroups = {u"g1"_s};
        const DryRunResult result = dryRun(rule, {}, {}, s_from, s_to);
        QCOMPARE(result.total, 0);
        QCOMPARE(result.sentence(), u"Would not have fired in the last 7 days."_s);
    }
};

QTEST_GUILESS_MAIN(TestDryRun)
#include "tst_dryrun.moc"
