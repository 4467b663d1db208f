#include "rules/auditlog.h"
#include "rules/ruleservice.h"
#include "sandboxfixture.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw::rules;

namespace {

template<typename T>
struct Waiter
{
    std::optional<T> value;
    auto handler()
    {
        return [this](const T &v) { value = v; };
    }
};

} // namespace

// The safe write path against the in-process sandbox: round trips, conflicts, NCM's
// validation errors, throttling, and the audit entries each write leaves.
class TestRuleService final : public QObject
{
    Q_OBJECT

private:
    AlertRule newRule(const fw::test::SandboxFixture &ncm) const
    {
        AlertRule rule;
        rule.associatedGroups = {ncm.groupId(0)};
        rule.types = {u"connection_state"_s};
        rule.emailDestinations = {u"noc@example.org"_s};
        rule.settings = QJsonObject{};
        rule.schedule = QJsonValue(QJsonValue::Null);
        return rule;
    }

    SavePlan prepare(RuleService &service, const AlertRule &draft, const std::optional<AlertRule> &base)
    {
        Waiter<SavePlan> plan;
        service.prepareSave(draft, base, this, plan.handler());
        [&] { QTRY_VERIFY_WITH_TIMEOUT(plan.value.has_value(), 10000); }();
        return plan.value.value_or(SavePlan{});
    }

    WriteOutcome commit(RuleService &service, const SavePlan &plan)
    {
        Waiter<WriteOutcome> outcome;
        service.commit(plan, this, outcome.handler());
        [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.value.has_value(), 20000); }();
        return outcome.value.value_or(WriteOutcome{});
    }

    std::optional<AlertRule> create(RuleService &service, const AlertRule &draft)
    {
        const WriteOutcome outcome = commit(service, prepare(service, draft, std::nullopt));
        return outcome.written;
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void createEditDeleteRoundTrip()
    {
        fw::test::SandboxFixture ncm;
        QVERIFY(ncm.listening);
        AuditLog audit;
        QCOMPARE(audit.open(m_dir.filePath(u"roundtrip.sqlite"_s)), QString());
        RuleService service(ncm.client.get(), &audit, u"alice"_s);

        const SavePlan createPlan = prepare(service, newRule(ncm), std::nullopt);
        QVERIFY(createPlan.writable());
        QCOMPARE(createPlan.kind, SavePlan::Kind::Create);
        QCOMPARE(createPlan.diff.addedTypes(), QStringList{u"connection_state"_s});
        const WriteOutcome created = commit(service, createPlan);
        QVERIFY2(created.ok, qPrintable(created.error.sentence));
        QVERIFY(created.written);
        QVERIFY(!created.written->id.isEmpty());
        QVERIFY(created.readBackDiff.isEmpty());
        QCOMPARE(ncm.sandbox->engine().rules().size(), 1);

        AlertRule edited = *created.written;
        edited.types.append(u"wwan_disconnected"_s);
        const SavePlan editPlan = prepare(service, edited, created.written);
        QVERIFY(editPlan.writable());
        QVERIFY(!editPlan.conflict);
        QCOMPARE(editPlan.diff.addedTypes(), QStringList{u"wwan_disconnected"_s});
        const WriteOutcome updated = commit(service, editPlan);
        QVERIFY2(updated.ok, qPrintable(updated.error.sentence));
        QVERIFY(updated.written->types.contains(u"wwan_disconnected"_s));
        const auto inNcm = ncm.sandbox->engine().rule(created.written->id);
        QVERIFY(inNcm);
        QCOMPARE(inNcm->value("filter_criteria"_L1).toObject().value("alert_type__in"_L1).toArray().size(), 2);

        Waiter<SavePlan> deletePlan;
        service.prepareDelete(*updated.written, this, deletePlan.handler());
        QTRY_VERIFY(deletePlan.value);
        QVERIFY(!deletePlan.value->conflict);
        const WriteOutcome deleted = commit(service, *deletePlan.value);
        QVERIFY2(deleted.ok, qPrintable(deleted.error.sentence));
        QVERIFY(ncm.sandbox->engine().rules().isEmpty());

        const QList<AuditEntry> entries = audit.entries();
        QCOMPARE(entries.size(), 3);
        QCOMPARE(entries.at(2).action, u"create rule"_s);
        QCOMPARE(entries.at(2).method, u"POST"_s);
        QCOMPARE(entries.at(2).status, 201);
        QCOMPARE(entries.at(1).action, u"update rule"_s);
        QCOMPARE(entries.at(1).method, u"PUT"_s);
        QCOMPARE(entries.at(1).outcome, u"ok"_s);
        QVERIFY(entries.at(1).before.contains("filter_criteria"_L1));
        QCOMPARE(entries.at(0).action, u"delete rule"_s);
        QCOMPARE(entries.at(0).endpoint, u"alert_rules/"_s + created.written->id + u'/');
        QCOMPARE(entries.at(0).who, u"alice"_s);
    }

    void loadsRules()
    {
        fw::test::SandboxFixture ncm;
        RuleService service(ncm.client.get(), nullptr, u"alice"_s);
        QVERIFY(create(service, newRule(ncm)));
        QVERIFY(create(service, newRule(ncm)));

        std::optional<QList<AlertRule>> rules;
        service.loadRules(this, [&rules](const QList<AlertRule> &list, const QString &error) {
            QVERIFY(error.isEmpty());
            rules = list;
        });
        QTRY_VERIFY(rules);
        QCOMPARE(rules->size(), 2);
    }

    void conflictingEditIsShownAndNothingOverwritten()
    {
        fw::test::SandboxFixture ncm;
        RuleService service(ncm.client.get(), nullptr, u"alice"_s);
        const std::optional<AlertRule> loaded = create(service, newRule(ncm));
        QVERIFY(loaded);

        // Someone else changes the rule in NCM after the editor loaded it.
        QTest::qWait(5); // so updated_at moves on
        ncm.sandbox->clock().advance(1'000'000);
        fw::sandbox::FieldErrors errors;
        QVERIFY(ncm.sandbox->engine().updateRule(
            loaded->id, QJsonObject{{u"associated_groups"_s, QJsonArray{ncm.groupId(1)}}}, true, &errors));

        AlertRule mine = *loaded;
        mine.types = {u"sim_door_event"_s};
        const SavePlan plan = prepare(service, mine, loaded);
        QVERIFY(plan.conflict);
        QVERIFY(plan.conflictDiff.find(u"associated_groups"));
        QVERIFY(plan.diff.find(u"associated_groups")); // the write would undo their change

        // A change between the confirmation and the write is refused too.
        AlertRule confirmed = *loaded;
        confirmed.types = {u"sim_door_event"_s};
        SavePlan stale = prepare(service, confirmed, plan.current);
        QVERIFY(!stale.conflict);
        ncm.sandbox->clock().advance(1'000'000);
        QVERIFY(ncm.sandbox->engine().updateRule(
            loaded->id, QJsonObject{{u"associated_groups"_s, QJsonArray{ncm.groupId(2)}}}, true, &errors));
        const WriteOutcome outcome = commit(service, stale);
        QVERIFY(!outcome.ok);
        QVERIFY(outcome.conflict);
        const auto inNcm = ncm.sandbox->engine().rule(loaded->id);
        QCOMPARE(inNcm->value("filter_criteria"_L1).toObject().value("alert_type__in"_L1).toArray().first().toString(),
                 u"connection_state"_s);
    }

    void localValidationStopsBeforeNcm_data()
    {
        QTest::addColumn<QString>("field");
        QTest::newRow("no scope") << QString(Field::Scope);
        QTest::newRow("no type") << QString(Field::Types);
        QTest::newRow("no destination") << QString(Field::Destinations);
        QTest::newRow("settings not per type") << QString(Field::Settings);
    }

    void localValidationStopsBeforeNcm()
    {
        QFETCH(QString, field);
        fw::test::SandboxFixture ncm;
        RuleService service(ncm.client.get(), nullptr, u"alice"_s);
        AlertRule rule = newRule(ncm);
        if (field == Field::Scope)
            rule.associatedGroups.clear();
        else if (field == Field::Types)
            rule.types.clear();
        else if (field == Field::Destinations)
            rule.emailDestinations.clear();
        else
            rule.settings = QJsonObject{{u"other_type"_s, QJsonObject{}}};

        const SavePlan plan = prepare(service, rule, std::nullopt);
        QVERIFY(!plan.writable());
        QCOMPARE(plan.issues.first().field, field);
        const WriteOutcome outcome = commit(service, plan);
        QVERIFY(!outcome.ok);
        QCOMPARE(ncm.ledger->total(), 0); // NCM was never called
    }

    void ncmFieldErrorsAreMarked_data()
    {
        QTest::addColumn<QString>("ncmField");
        QTest::addColumn<QString>("editorField");
        QTest::newRow("unknown group") << u"associated_groups"_s << QString(Field::Scope);
        QTest::newRow("unknown destination") << u"http_destinations"_s << u"http_destinations"_s;
    }

    void ncmFieldErrorsAreMarked()
    {
        QFETCH(QString, ncmField);
        QFETCH(QString, editorField);
        fw::test::SandboxFixture ncm;
        AuditLog audit;
        QCOMPARE(audit.open(m_dir.filePath(u"fielderrors-%1.sqlite"_s.arg(ncmField))), QString());
        RuleService service(ncm.client.get(), &audit, u"alice"_s);
        AlertRule rule = newRule(ncm);
        if (ncmField == u"associated_groups"_s)
            rule.associatedGroups = {u"999999"_s};
        else
            rule.httpDestinations = {u"no-such-destination"_s};

        const WriteOutcome outcome = commit(service, prepare(service, rule, std::nullopt));
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.error.status, 400);
        QVERIFY(!outcome.error.fields.isEmpty());
        QCOMPARE(outcome.error.fields.first().field, ncmField);
        QCOMPARE(fw::rules::editorField(outcome.error.fields.first().field), editorField);
        QVERIFY(outcome.error.sentence.contains(u"Your edit is kept."_s));
        QCOMPARE(audit.entries().first().outcome, u"failed"_s);
        QCOMPARE(audit.entries().first().status, 400);
    }

    void deletedInNcmIsA404()
    {
        fw::test::SandboxFixture ncm;
        RuleService service(ncm.client.get(), nullptr, u"alice"_s);
        const std::optional<AlertRule> loaded = create(service, newRule(ncm));
        QVERIFY(loaded);
        QVERIFY(ncm.sandbox->engine().removeRule(loaded->id));
        AlertRule edited = *loaded;
        edited.types.append(u"sim_door_event"_s);
        const SavePlan plan = prepare(service, edited, loaded);
        QVERIFY(!plan.writable());
        QCOMPARE(plan.error.status, 404);
        QVERIFY(plan.error.sentence.contains(u"no longer exists"_s));
    }

    void throttledSaveIsRetried()
    {
        fw::test::SandboxFixture ncm(3); // three calls a minute per key
        AuditLog audit;
        QCOMPARE(audit.open(m_dir.filePath(u"throttle.sqlite"_s)), QString());
        RuleService service(ncm.client.get(), &audit, u"alice"_s);
        QSignalSpy throttled(ncm.client.get(), &fw::api::NcmClient::throttled);

        const std::optional<AlertRule> loaded = create(service, newRule(ncm)); // POST + read back
        QVERIFY(loaded);
        AlertRule edited = *loaded;
        edited.types.append(u"wwan_disconnected"_s);
        const WriteOutcome outcome = commit(service, prepare(service, edited, loaded)); // 3 more calls
        QVERIFY2(outcome.ok, qPrintable(outcome.error.sentence));
        QVERIFY(throttled.count() > 0);
        QCOMPARE(throttled.first().at(0).toInt(), 429);
        QCOMPARE(audit.entries().first().outcome, u"ok"_s);
        QVERIFY(ncm.sandbox->engine().rule(loaded->id)->value("filter_criteria"_L1).toObject()
                    .value("alert_type__in"_L1).toArray().contains(u"wwan_disconnected"_s));
    }
};

QTEST_GUILESS_MAIN(TestRuleService)
#include "tst_ruleservice.moc"
