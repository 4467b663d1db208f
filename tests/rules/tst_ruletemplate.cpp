#include "rules/ruletemplate.h"
#include "rules/rulevalidator.h"

#include "ncm/catalogue.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw::rules;

class TestRuleTemplate final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyTemplateIsPresent_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("needsPick");
        QTest::newRow("routers going offline") << u"offline"_s << true;
        QTest::newRow("geofence exits") << u"geofence_exit"_s << true;
        QTest::newRow("running on battery") << u"on_battery"_s << true;
        QTest::newRow("signal degraded") << u"signal_degraded"_s << true;
        QTest::newRow("configuration rejected") << u"config_rejected"_s << true;
        QTest::newRow("security events") << u"security"_s << false;
    }

    void everyTemplateIsPresent()
    {
        QFETCH(QString, key);
        QFETCH(bool, needsPick);
        const fw::ncm::Catalogue &catalogue = fw::ncm::Catalogue::instance();
        const QList<RuleTemplate> templates = ruleTemplates(catalogue);
        const auto it = std::find_if(templates.cbegin(), templates.cend(),
                                     [&key](const RuleTemplate &t) { return t.key == key; });
        QVERIFY(it != templates.cend());
        QCOMPARE(it->needsPick(), needsPick);
        QCOMPARE(it->pickNote().isEmpty(), !needsPick);
        QVERIFY(!it->types.isEmpty() || !it->openTitles.isEmpty());
        for (const QString &type : it->types)
            QVERIFY2(catalogue.contains(type), qPrintable(type));

        // A draft from a template is only missing what the operator must choose.
        const FieldIssues issues = validateRule(it->draft());
        QStringList fields;
        for (const FieldIssue &issue : issues)
            fields.append(issue.field);
        QVERIFY(fields.contains(QString(Field::Scope)));
        QVERIFY(fields.contains(QString(Field::Destinations)));
        QCOMPARE(fields.contains(QString(Field::Types)), it->types.isEmpty());
    }

    void unknownIdentifiersAreDropped()
    {
        fw::ncm::Catalogue empty;
        QVERIFY(empty.load(R"({"format":1,"unknown_type":{"category":"Other","severity":"warning"},
                               "categories":["General","Other"],"types":[]})"));
        const QList<RuleTemplate> templates = ruleTemplates(empty);
        for (const RuleTemplate &t : templates) {
            QVERIFY(t.types.isEmpty());
            QVERIFY(t.openTitles.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestRuleTemplate)
#include "tst_ruletemplate.moc"
