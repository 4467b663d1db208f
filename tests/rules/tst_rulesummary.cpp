#include "rules/rulesummary.h"

#include "ncm/catalogue.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw::rules;

class TestRuleSummary final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void summarizes_data()
    {
        QTest::addColumn<AlertRule>("rule");
        QTest::addColumn<QString>("summary");

        AlertRule rule;
        rule.types = {u"wwan_disconnected"_s};
        rule.associatedGroups = {u"7"_s};
        rule.httpDestinations = {u"d-1"_s};
        QTest::newRow("one of each, named")
            << rule << u"Cellular WAN disconnected in group Trucks → webhook NOC listener"_s;

        rule.types = {u"account_locked"_s, u"ipsec_tunnel_down"_s, u"sim_door_event"_s, u"login_success"_s};
        rule.associatedGroups = {u"7"_s, u"99"_s};
        rule.associatedAccounts = {u"42"_s};
        rule.emailDestinations = {u"a@example.org"_s, u"b@example.org"_s};
        QTest::newRow("many, unnamed id kept")
            << rule
            << u"Account locked, IPsec tunnel down, SIM door opened or closed and 1 more in groups Trucks, 99"
               u" and account Acme → webhook NOC listener, 2 e-mails"_s;

        AlertRule empty;
        empty.types = {u"made_up_type"_s};
        QTest::newRow("unknown type, no scope")
            << empty << u"made_up_type in no scope (inactive) → nowhere"_s;
    }

    void summarizes()
    {
        QFETCH(AlertRule, rule);
        QFETCH(QString, summary);
        NameBook names;
        names.groups.insert(u"7"_s, u"Trucks"_s);
        names.accounts.insert(u"42"_s, u"Acme"_s);
        names.destinations.insert(u"d-1"_s, u"NOC listener"_s);
        QCOMPARE(summarizeRule(rule, fw::ncm::Catalogue::instance(), names), summary);
    }
};

QTEST_GUILESS_MAIN(TestRuleSummary)
#include "tst_rulesummary.moc"
