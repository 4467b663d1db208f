#include "rules/rulediff.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw::rules;

namespace {

AlertRule base()
{
    AlertRule rule;
    rule.id = u"r1"_s;
    rule.account = u"42"_s;
    rule.associatedGroups = {u"7"_s};
    rule.types = {u"connection_state"_s, u"wwan_disconnected"_s};
    rule.httpDestinations = {u"d-1"_s};
    rule.settings = QJsonObject{{u"connection_state"_s, QJsonObject{{u"delay"_s, 60}}}};
    rule.schedule = QJsonValue(QJsonValue::Null);
    return rule;
}

} // namespace

class TestRuleDiff final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void identicalIsEmpty()
    {
        AlertRule other = base();
        other.updatedAt = u"later"_s;
        std::reverse(other.types.begin(), other.types.end());
        QVERIFY(diffRules(base(), other).isEmpty());
    }

    void typesAndDestinationsAddedAndRemoved()
    {
        AlertRule after = base();
        after.types = {u"wwan_disconnected"_s, u"sim_door_event"_s};
        after.httpDestinations = {u"d-2"_s};
        after.emailDestinations = {u"noc@example.org"_s};
        const RuleDiff diff = diffRules(base(), after);
        QCOMPARE(diff.addedTypes(), QStringList{u"sim_door_event"_s});
        QCOMPARE(diff.removedTypes(), QStringList{u"connection_state"_s});
        QCOMPARE(diff.addedDestinations(), (QStringList{u"d-2"_s, u"noc@example.org"_s}));
        QCOMPARE(diff.removedDestinations(), QStringList{u"d-1"_s});
        QVERIFY(diff.lines().contains(u"+ filter_criteria.alert_type__in: sim_door_event"_s));
        QVERIFY(diff.lines().contains(u"- http_destinations: d-1"_s));
    }

    void settingsPerType()
    {
        AlertRule after = base();
        after.settings = QJsonObject{{u"connection_state"_s, QJsonObject{{u"delay"_s, 300}}},
                                     {u"wwan_disconnected"_s, QJsonObject{}}};
        const RuleDiff diff = diffRules(base(), after);
        QCOMPARE(diff.changes.size(), 2);
        const FieldChange *delay = diff.find(u"settings.connection_state");
        QVERIFY(delay);
        QCOMPARE(delay->after.toObject().value("delay"_L1).toInt(), 300);
        const FieldChange *added = diff.find(u"settings.wwan_disconnected");
        QVERIFY(added);
        QVERIFY(added->before.isUndefined());
    }

    void scopeScheduleAndUnknownFields()
    {
        AlertRule after = base();
        after.associatedGroups = {u"8"_s};
        after.schedule = QJsonObject{{u"days"_s, u"weekdays"_s}};
        after.extra.insert(u"future"_s, 1);
        const RuleDiff diff = diffRules(base(), after);
        QVERIFY(diff.find(u"associated_groups"));
        QVERIFY(diff.find(u"schedule"));
        QVERIFY(diff.find(u"future"));
        QCOMPARE(diff.changes.size(), 3);
        QVERIFY(diff.lines().last().startsWith(u"~ schedule: null → "_s)
                || diff.lines().contains(u"~ schedule: null → {\"days\":\"weekdays\"}"_s));
    }
};

QTEST_GUILESS_MAIN(TestRuleDiff)
#include "tst_rulediff.moc"
