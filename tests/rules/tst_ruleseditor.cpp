#include "common/theme.h"
#include "ncm/catalogue.h"
#include "rules/auditlog.h"
#include "rules/auditmodel.h"
#include "rules/destinationlistmodel.h"
#include "rules/destinationservice.h"
#include "rules/rulediffdialog.h"
#include "rules/ruleeditdialog.h"
#include "rules/ruleseditor.h"
#include "rules/rulelistmodel.h"
#include "rules/typepicker.h"
#include "sandboxfixture.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::Literals::StringLiterals;
using namespace fw::rules;
using fw::ui::RuleEditDialog;
using fw::ui::RulesEditor;

namespace {

// The editor against the sandbox, with names from its fleet.
struct Harness
{
    explicit Harness(const QString &dbPath)
    {
        audit.open(dbPath);
        fw::ui::RulesEditorContext context;
        for (const fw::sandbox::Group &group : ncm.sandbox->fleet().groups())
            context.names.groups.insert(group.id, group.name);
        for (const fw::sandbox::Account &account : ncm.sandbox->fleet().accounts())
            context.names.accounts.insert(account.id, account.name);
        context.learntTypes = {u"geofence_exit_learnt"_s};
        editor = std::make_unique<RulesEditor>(&rules, &destinations, &audit, fw::ncm::Catalogue::instance(), context);
        editor->setAsk([](const QString &, const QString &) { return true; });
        editor->setConfirm([this](const SavePlan &plan) {
            plans.append(plan);
            return confirm;
        });
        editor->resize(1100, 560);
    }

    bool reload()
    {
        QSignalSpy spy(editor.get(), &RulesEditor::reloaded);
        editor->reload();
        return spy.wait(10000);
    }

    fw::test::SandboxFixture ncm;
    AuditLog audit;
    RuleService rules{ncm.client.get(), &audit, u"tester"_s};
    DestinationService destinations{ncm.client.get(), nullptr, &audit, u"tester"_s};
    std::unique_ptr<RulesEditor> editor;
    QList<SavePlan> plans;
    bool confirm = true;
};

void checkFirst(QListWidget *list)
{
    list->item(0)->setCheckState(Qt::Checked);
}

} // namespace

class TestRulesEditor final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_db = 0;
    QString dbPath() { return m_dir.filePath(u"editor-%1.sqlite"_s.arg(++m_db)); }

    void addDestination(Harness &h, const QString &name)
    {
        h.editor->setAskDestination([name](QString *n, QUrl *url) {
            *n = name;
            *url = QUrl(u"https://noc.example.org/webhook"_s);
            return true;
        });
        QSignalSpy reloaded(h.editor.get(), &RulesEditor::reloaded);
        h.editor->createDestination();
        QVERIFY(reloaded.wait(10000));
    }

private Q_SLOTS:
    void initTestCase()
    {
        fw::ui::Theme::apply(*qApp, fw::ui::ThemeKind::Dark);
    }

    void modelsPassTheTester()
    {
        Harness h(dbPath());
        QAbstractItemModelTester rules(h.editor->ruleModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester destinations(h.editor->destinationModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester audit(h.editor->auditModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        addDestination(h, u"NOC listener"_s);
        QCOMPARE(h.editor->destinationModel()->rowCount(), 1);
        QCOMPARE(h.editor->destinationModel()->index(0, fw::ui::DestinationListModel::State).data().toString(), u"active"_s);
        QCOMPARE(h.editor->auditModel()->rowCount(), 1);
    }

    void createRuleFromTemplateThroughTheDialog()
    {
        Harness h(dbPath());
        addDestination(h, u"NOC listener"_s);
        h.editor->newRuleFromTemplate(u"security"_s);
        RuleEditDialog *dialog = h.editor->openDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->typePicker()->checkedTypes(),
                 (QStringList{u"account_locked"_s, u"ipsec_tunnel_down"_s, u"sim_door_event"_s}));
        checkFirst(dialog->findChild<QListWidget *>(u"scopeList"_s));
        checkFirst(dialog->findChild<QListWidget *>(u"destinationList"_s));

        QSignalSpy saved(dialog, &RuleEditDialog::saved);
        dialog->save();
        QVERIFY(saved.wait(10000));
        QCOMPARE(h.plans.size(), 1);
        QCOMPARE(h.plans.first().kind, SavePlan::Kind::Create);
        QTRY_COMPARE(h.editor->ruleModel()->rowCount(), 1);
        QVERIFY(h.editor->ruleModel()->index(0, 0).data().toString().startsWith(u"Account locked, IPsec tunnel down"_s));
        QCOMPARE(h.ncm.sandbox->engine().rules().size(), 1);
        QCOMPARE(h.audit.entries().first().action, u"create rule"_s);
    }

    void validationMarksFieldsAndCallsNothing()
    {
        Harness h(dbPath());
        h.editor->newRule();
        RuleEditDialog *dialog = h.editor->openDialog();
        QVERIFY(dialog);
        dialog->findChild<QPlainTextEdit *>(u"settingsJson"_s)->setPlainText(u"{not json"_s);
        const qint64 calls = h.ncm.ledger->total();
        dialog->save();
        QVERIFY(!dialog->isBusy());
        const QStringList marked = dialog->markedFields();
        QVERIFY(marked.contains(QString(Field::Scope)));
        QVERIFY(marked.contains(QString(Field::Types)));
        QVERIFY(marked.contains(QString(Field::Destinations)));
        QVERIFY(marked.contains(QString(Field::Settings)));
        QVERIFY(dialog->statusText().startsWith(u"Not saved"_s));
        QCOMPARE(h.ncm.ledger->total(), calls);
        QVERIFY(dialog->isVisible());
    }

    void typePickerSearchesAndLearns()
    {
        Harness h(dbPath());
        h.editor->newRule();
        fw::ui::TypePicker *picker = h.editor->openDialog()->typePicker();
        QTreeWidget *tree = picker->tree();
        QCOMPARE(tree->topLevelItemCount(), fw::ncm::Catalogue::instance().categories().size());
        QVERIFY(!tree->findItems(u"geofence_exit_learnt"_s, Qt::MatchRecursive, 1).isEmpty());
        picker->setFilter(u"ipsec"_s);
        int visible = 0;
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            QTreeWidgetItem *category = tree->topLevelItem(i);
            for (int j = 0; j < category->childCount(); ++j)
                visible += category->child(j)->isHidden() ? 0 : 1;
        }
        QCOMPARE(visible, 2);
        // Open identifiers are listed but cannot be checked.
        const QList<QTreeWidgetItem *> open = tree->findItems(u"Configuration rejected"_s, Qt::MatchRecursive, 0);
        QCOMPARE(open.size(), 1);
        QVERIFY(!(open.first()->flags() & Qt::ItemIsUserCheckable));
    }

    void errorKeepsTheDraft()
    {
        Harness h(dbPath());
        fw::sandbox::FieldErrors errors;
        const auto created = h.ncm.sandbox->engine().createRule(
            QJsonObject{{u"associated_groups"_s, QJsonArray{h.ncm.groupId(0)}},
                        {u"filter_criteria"_s, QJsonObject{{u"alert_type__in"_s, QJsonArray{u"wwan_disconnected"_s}}}},
                        {u"email_destinations"_s, QJsonArray{u"noc@example.org"_s}}},
            &errors);
        QVERIFY(created);
        QVERIFY(h.reload());
        h.editor->findChild<QTableView *>(u"ruleView"_s)->selectRow(0);
        h.editor->editSelectedRule();
        RuleEditDialog *dialog = h.editor->openDialog();
        QVERIFY(dialog);
        dialog->typePicker()->setCheckedTypes({u"wwan_disconnected"_s, u"sim_door_event"_s});

        // Someone deletes the rule in NCM meanwhile: a 404, explained, the edit kept.
        QVERIFY(h.ncm.sandbox->engine().removeRule(created->value("alert_config_id"_L1).toString()));
        dialog->save();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), 10000);
        QVERIFY2(dialog->statusText().contains(u"no longer exists"_s), qPrintable(dialog->statusText()));
        QVERIFY(dialog->statusText().contains(u"Your edit is kept"_s));
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->typePicker()->checkedTypes(), (QStringList{u"wwan_disconnected"_s, u"sim_door_event"_s}));
    }

    void conflictIsShownBeforeWriting()
    {
        Harness h(dbPath());
        fw::sandbox::FieldErrors errors;
        const auto created = h.ncm.sandbox->engine().createRule(
            QJsonObject{{u"associated_groups"_s, QJsonArray{h.ncm.groupId(0)}},
                        {u"filter_criteria"_s, QJsonObject{{u"alert_type__in"_s, QJsonArray{u"wwan_disconnected"_s}}}},
                        {u"email_destinations"_s, QJsonArray{u"noc@example.org"_s}}},
            &errors);
        QVERIFY(h.reload());
        h.editor->findChild<QTableView *>(u"ruleView"_s)->selectRow(0);
        h.editor->editSelectedRule();
        RuleEditDialog *dialog = h.editor->openDialog();
        h.ncm.sandbox->clock().advance(1'000'000);
        QVERIFY(h.ncm.sandbox->engine().updateRule(created->value("alert_config_id"_L1).toString(),
                                                   QJsonObject{{u"associated_groups"_s, QJsonArray{h.ncm.groupId(1)}}},
                                                   true, &errors));
        h.confirm = false; // the operator reads the conflict and cancels
        dialog->typePicker()->setCheckedTypes({u"sim_door_event"_s});
        dialog->save();
        QTRY_COMPARE_WITH_TIMEOUT(h.plans.size(), 1, 10000);
        QVERIFY(h.plans.first().conflict);
        QVERIFY(h.plans.first().conflictDiff.find(u"associated_groups"));
        QVERIFY(dialog->statusText().contains(u"cancelled"_s));
        QCOMPARE(h.audit.entries().size(), 0);

        fw::ui::RuleDiffDialog diff(h.plans.first(), {});
        QVERIFY(diff.findChild<QWidget *>(u"conflictBanner"_s));
        QVERIFY(diff.changes()->topLevelItemCount() >= 2);
    }

    void deleteRuleAfterConfirmation()
    {
        Harness h(dbPath());
        fw::sandbox::FieldErrors errors;
        QVERIFY(h.ncm.sandbox->engine().createRule(
            QJsonObject{{u"associated_accounts"_s, QJsonArray{h.ncm.accountId()}},
                        {u"filter_criteria"_s, QJsonObject{{u"alert_type__in"_s, QJsonArray{u"sim_door_event"_s}}}},
                        {u"email_destinations"_s, QJsonArray{u"noc@example.org"_s}}},
            &errors));
        QVERIFY(h.reload());
        h.editor->findChild<QTableView *>(u"ruleView"_s)->selectRow(0);
        h.editor->deleteSelectedRule();
        QTRY_VERIFY_WITH_TIMEOUT(h.ncm.sandbox->engine().rules().isEmpty(), 10000);
        QCOMPARE(h.plans.first().kind, SavePlan::Kind::Delete);
        QTRY_COMPARE(h.editor->ruleModel()->rowCount(), 0);
    }

    void auditExport()
    {
        Harness h(dbPath());
        addDestination(h, u"NOC listener"_s);
        const QString path = m_dir.filePath(u"audit.csv"_s);
        h.editor->exportAudit(path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("create destination"));
    }

    // Not a check: with FLEETWALL_SCREENSHOTS set, saves the editor and a diff as PNGs.
    void screenshots()
    {
        const QString folder = qEnvironmentVariable("FLEETWALL_SCREENSHOTS");
        if (folder.isEmpty())
            QSKIP("FLEETWALL_SCREENSHOTS is not set");
        Harness h(dbPath());
        addDestination(h, u"NOC listener"_s);
        addDestination(h, u"Backup receiver"_s);
        fw::sandbox::FieldErrors errors;
        const QString dest = h.ncm.sandbox->engine().destinations().first().value("destination_config_id"_L1).toString();
        h.ncm.sandbox->engine().updateDestination(h.ncm.sandbox->engine().destinations().last().value("destination_config_id"_L1).toString(),
                                                  QJsonObject{{u"suspended"_s, true}}, true, &errors);
        const QList<std::pair<QStringList, QString>> rules{{{u"connection_state"_s}, h.ncm.groupId(0)},
                                                            {{u"ipsec_tunnel_down"_s, u"account_locked"_s}, h.ncm.groupId(1)},
                                                            {{u"wwan_disconnected"_s, u"modem_wan_disconnected"_s, u"wwan_network_unavailable"_s, u"sim_door_event"_s}, h.ncm.groupId(2)}};
        for (const auto &[types, group] : rules) {
            h.ncm.sandbox->engine().createRule(QJsonObject{{u"associated_groups"_s, QJsonArray{group}},
                                                           {u"filter_criteria"_s, QJsonObject{{u"alert_type__in"_s, QJsonArray::fromStringList(types)}}},
                                                           {u"http_destinations"_s, QJsonArray{dest}}},
                                               &errors);
        }
        fw::ui::RulesEditorContext context;
        for (const fw::sandbox::Group &group : h.ncm.sandbox->fleet().groups())
            context.names.groups.insert(group.id, group.name);
        for (const fw::sandbox::Account &account : h.ncm.sandbox->fleet().accounts())
            context.names.accounts.insert(account.id, account.name);
        const QStringList routers{u"Depot North"_s, u"Depot East"_s, u"Yard 7"_s};
        for (const QString &router : routers)
            context.scope.routerGroup.insert(router, h.ncm.groupId(2));
        context.events = [routers](const QStringList &, const QDateTime &, const QDateTime &to, QObject *,
                                   fw::rules::EventsDone done) {
            QList<fw::store::Event> events;
            for (int i = 0; i < 23; ++i) {
                fw::store::Event e;
                e.alert.type = i % 3 ? u"wwan_disconnected"_s : u"sim_door_event"_s;
                e.alert.routerId = routers.at((i * i) % routers.size());
                e.alert.routerDetails.name = e.alert.routerId;
                e.alert.detectedAt = to.addSecs(-3600 * (i * 7 % 160) - 60);
                events.append(e);
            }
            done(events, {});
        };
        h.editor->setContext(context);
        QVERIFY(h.reload());
        h.editor->show();
        QVERIFY(QTest::qWaitForWindowExposed(h.editor.get()));
        QDir().mkpath(folder);
        QVERIFY(h.editor->grab().save(folder + u"/rules-editor.png"_s));

        h.editor->tabs()->setCurrentIndex(1);
        QVERIFY(h.editor->grab().save(folder + u"/rules-destinations.png"_s));

        h.editor->findChild<QTableView *>(u"ruleView"_s)->selectRow(2);
        h.editor->editSelectedRule();
        RuleEditDialog *dialog = h.editor->openDialog();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        dialog->runDryRun();
        QVERIFY(dialog->grab().save(folder + u"/rules-edit-dialog.png"_s));
        h.ncm.sandbox->clock().advance(1'000'000);
        const QString id = h.ncm.sandbox->engine().rules().last().value("alert_config_id"_L1).toString();
        h.ncm.sandbox->engine().updateRule(id, QJsonObject{{u"associated_groups"_s, QJsonArray{h.ncm.groupId(2), h.ncm.groupId(3)}}}, true, &errors);
        dialog->typePicker()->setCheckedTypes({u"wwan_disconnected"_s, u"wwan_network_unavailable"_s, u"thermal_exceeds_limit"_s});
        dialog->findChild<QLineEdit *>(u"emailRecipients"_s)->setText(u"noc@example.org"_s);
        h.confirm = false;
        dialog->save();
        QTRY_COMPARE_WITH_TIMEOUT(h.plans.size(), 1, 10000);
        fw::rules::NameBook names;
        for (const fw::sandbox::Group &group : h.ncm.sandbox->fleet().groups())
            names.groups.insert(group.id, group.name);
        fw::ui::RuleDiffDialog diff(h.plans.first(), names);
        diff.show();
        QVERIFY(QTest::qWaitForWindowExposed(&diff));
        QVERIFY(diff.grab().save(folder + u"/rules-diff.png"_s));
    }
};

QTEST_MAIN(TestRulesEditor)
#include "tst_ruleseditor.moc"
