#include "rules/rulevalidator.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw::rules;

namespace {

AlertRule goodRule()
{
    AlertRule rule;
    rule.associatedGroups = {u"7"_s};
    rule.types = {u"connection_state"_s};
    rule.httpDestinations = {u"d-1"_s};
    rule.settings = QJsonObject{{u"connection_state"_s, QJsonObject{{u"delay"_s, 60}}}};
    rule.schedule = QJsonValue(QJsonValue::Null);
    return rule;
}

} // namespace

class TestRuleValidator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptsACompleteRule()
    {
        QCOMPARE(validateRule(goodRule()), FieldIssues{});
    }

    void reportsEachProblem_data()
    {
        QTest::addColumn<AlertRule>("rule");
        QTest::addColumn<QString>("field");

        AlertRule rule = goodRule();
        rule.associatedGroups.clear();
        QTest::newRow("no scope") << rule << QString(Field::Scope);

        rule = goodRule();
        rule.types.clear();
        rule.settings = QJsonObject{};
        QTest::newRow("no type") << rule << QString(Field::Types);

        rule = goodRule();
        rule.types.append(u"bad type!"_s);
        QTest::newRow("type not an identifier") << rule << QString(Field::Types);

        rule = goodRule();
        rule.httpDestinations.clear();
        QTest::newRow("no destination") << rule << QString(Field::Destinations);

        rule = goodRule();
        rule.emailDestinations = {u"noc@@example"_s};
        QTest::newRow("bad e-mail") << rule << QString(Field::EmailDestinations);

        rule = goodRule();
        rule.settings = QJsonArray{};
        QTest::newRow("settings not an object") << rule << QString(Field::Settings);

        rule = goodRule();
        rule.settings = QJsonObject{{u"wwan_connected"_s, QJsonObject{}}};
        QTest::newRow("settings for another type") << rule << QString(Field::Settings);

        rule = goodRule();
        rule.settings = QJsonObject{{u"connection_state"_s, 5}};
        QTest::newRow("type settings not an object") << rule << QString(Field::Settings);

        rule = goodRule();
        rule.schedule = u"always"_s;
        QTest::newRow("schedule not an object") << rule << QString(Field::Schedule);
    }

    void reportsEachProblem()
    {
        QFETCH(AlertRule, rule);
        QFETCH(QString, field);
        const FieldIssues issues = validateRule(rule);
        QCOMPARE(issues.size(), 1);
        QCOMPARE(issues.first().field, field);
        QVERIFY(!issues.first().message.isEmpty());
        QVERIFY(describeIssues(issues).contains(issues.first().message));
    }

    void emailIdsAreAccepted()
    {
        AlertRule rule = goodRule();
        rule.httpDestinations.clear();
        rule.emailDestinations = {u"1234"_s, u"noc@example.org"_s};
        QCOMPARE(validateRule(rule), FieldIssues{});
    }
};

QTEST_GUILESS_MAIN(TestRuleValidator)
#include "tst_rulevalidator.moc"
