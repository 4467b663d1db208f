#include "alerts/acknowledgedialog.h"
#include "alerts/acknowledgementstore.h"
#include "alerts/alarmpolicy.h"
#include "alerts/alertfilterproxy.h"
#include "alerts/alertlistview.h"
#include "alerts/alertmodel.h"

#include "csvreader.h"
#include "fakeevents.h"

#include <QApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace fw;
using fw::ui::AlertListView;
using fw::ui::AlertModel;

class tst_AlertListView : public QObject
{
    Q_OBJECT

private:
    QDateTime m_now = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
    QTemporaryDir m_dir;

    QString dbPath() const { return m_dir.filePath(QStringLiteral("events.sqlite")); }
    QList<store::Event> events() const
    {
        return {testing::makeEvent(1, QStringLiteral("10"), QStringLiteral("wwan_disconnected"), store::Severity::Critical, m_now.addSecs(-60)),
                testing::makeEvent(2, QStringLiteral("11"), QStringLiteral("ipsec_tunnel_down"), store::Severity::Warning, m_now.addSecs(-30),
                                   QStringLiteral("Security"), QStringLiteral("Tunnel \"HQ\", lost\nagain"))};
    }

    struct Fixture
    {
        alerts::AcknowledgementStore acks;
        alerts::AlarmPolicy alarm;
        AlertModel model;
        AlertListView view;

        Fixture(tst_AlertListView *test)
            : acks(nullptr, [test] { return test->m_now; })
            , alarm(nullptr, [test] { return test->m_now; })
            , model(&acks)
            , view(&model, &acks, &alarm, nullptr, [test] { return test->m_now; })
        {
            acks.open(test->dbPath());
            acks.setOperatorName(QStringLiteral("carol"));
            model.setCoalesceInterval(0);
            model.setInitialEvents(test->events());
            view.resize(1000, 400);
            view.show();
        }
    };

    // Fills and accepts the dialog the next modal exec() opens.
    static ui::AcknowledgeDialog *openDialog()
    {
        for (QWidget *widget : QApplication::topLevelWidgets()) {
            if (auto *dialog = qobject_cast<ui::AcknowledgeDialog *>(widget); dialog && dialog->isVisible())
                return dialog;
        }
        return nullptr;
    }

    static void answerDialog(const QString &note, int snoozeHours = 0)
    {
        QTimer::singleShot(0, qApp, [note, snoozeHours] {
            ui::AcknowledgeDialog *dialog = openDialog();
            QVERIFY(dialog);
            dialog->setNote(note);
            if (snoozeHours)
                dialog->setSnoozeHours(snoozeHours);
            dialog->accept();
        });
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        for (const char *suffix : {"", "-wal", "-shm"})
            QFile::remove(dbPath() + QLatin1StringView(suffix));
    }

    void acknowledgeByKeyboardIsPersisted()
    {
        {
            Fixture f(this);
            f.view.activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(&f.view));
            f.view.selectRow(1); // the older, critical one
            f.view.view()->setFocus();
            answerDialog(QStringLiteral("called the carrier"));
            QTest::keyClick(f.view.view(), Qt::Key_K, Qt::ControlModifier);

            const QString shown = f.view.proxy()->index(1, AlertModel::AckColumn).data().toString();
            QVERIFY2(shown.contains(QStringLiteral("carol")) && shown.contains(QStringLiteral("called the carrier")), qPrintable(shown));
        }
        Fixture reopened(this);
        QCOMPARE(reopened.acks.state(events().at(0)), alerts::AckState::Acknowledged);
        QCOMPARE(reopened.acks.acknowledgement(events().at(0)).note, QStringLiteral("called the carrier"));
        QCOMPARE(reopened.acks.state(events().at(1)), alerts::AckState::Unacknowledged);
    }

    void snoozeExpiresWithTheClock()
    {
        Fixture f(this);
        f.view.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&f.view));
        f.view.selectRow(0);
        f.view.view()->setFocus();
        answerDialog(QStringLiteral("maintenance window"), 4);
        QTest::keyClick(f.view.view(), Qt::Key_J, Qt::ControlModifier);
        QCOMPARE(f.acks.state(events().at(1)), alerts::AckState::Snoozed);
        QCOMPARE(f.acks.acknowledgement(events().at(1)).until, m_now.addSecs(4 * 3600));

        m_now = m_now.addSecs(4 * 3600);
        QCOMPARE(f.acks.state(events().at(1)), alerts::AckState::Unacknowledged);
        m_now = m_now.addSecs(-4 * 3600);
    }

    void cancelledDialogChangesNothing()
    {
        Fixture f(this);
        f.view.selectRow(0);
        QTimer::singleShot(0, qApp, [] { QVERIFY(openDialog()); openDialog()->reject(); });
        f.view.acknowledgeSelected(alerts::AckKind::UntilClear);
        QCOMPARE(f.acks.count(), 0);
    }

    void filteringFromTheToolbar()
    {
        Fixture f(this);
        auto *search = f.view.findChild<QLineEdit *>(QStringLiteral("alertSearch"));
        QVERIFY(search);
        QTest::keyClicks(search, QStringLiteral("hq"));
        QCOMPARE(f.view.proxy()->rowCount(), 1);
        search->clear();
        f.view.setTimeRange(AlertListView::TimeRange::LastHour);
        QCOMPARE(f.view.proxy()->rowCount(), 2);
        m_now = m_now.addSecs(3600 - 45); // only the newer one is within the last hour
        f.view.setTimeRange(AlertListView::TimeRange::LastHour);
        QCOMPARE(f.view.proxy()->rowCount(), 1);
        m_now = m_now.addSecs(-(3600 - 45));
    }

    void exportsTheFilteredListAsCsvAndJson()
    {
        Fixture f(this);
        f.view.proxy()->setMinimumSeverity(store::Severity::Warning);
        f.view.proxy()->setType(QStringLiteral("ipsec_tunnel_down"));
        const QString csvPath = m_dir.filePath(QStringLiteral("alerts.csv"));
        const QString jsonPath = m_dir.filePath(QStringLiteral("alerts.json"));
        QVERIFY(f.view.exportTo(csvPath));
        QVERIFY(f.view.exportTo(jsonPath));

        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QStringList> rows = testing::readCsv(QString::fromUtf8(csv.readAll()));
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0).size(), int(AlertModel::ColumnCount));
        QCOMPARE(rows.at(1).at(AlertModel::MessageColumn), QStringLiteral("Tunnel \"HQ\", lost\nagain"));
        QCOMPARE(rows.at(1).at(AlertModel::TimeColumn), QStringLiteral("2026-03-01T11:59:30.000Z"));

        QFile json(jsonPath);
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonArray array = QJsonDocument::fromJson(json.readAll()).array();
        QCOMPARE(array.size(), 1);
        QCOMPARE(array.at(0).toObject().value(QStringLiteral("Router")).toString(), QStringLiteral("11"));
    }

    void exportToBadPathFails()
    {
        Fixture f(this);
        QString error;
        QVERIFY(!f.view.exportTo(m_dir.filePath(QStringLiteral("no/such/dir/a.csv")), &error));
        QVERIFY(!error.isEmpty());
    }

    void newCriticalAlarmsUntilAcknowledged()
    {
        Fixture f(this);
        QSignalSpy plays(&f.alarm, &alerts::AlarmPolicy::playRequested);
        f.model.addEvents({testing::makeEvent(3, QStringLiteral("12"), QStringLiteral("thermal_exceeds_limit"), store::Severity::Critical, m_now)});
        QVERIFY(f.alarm.isAlarming());
        QCOMPARE(plays.size(), 1);
        f.view.selectRow(0);
        QCOMPARE(f.view.applyToSelected(alerts::AckKind::Acknowledge, {}), 1);
        QVERIFY(!f.alarm.isAlarming());
    }
};

QTEST_MAIN(tst_AlertListView)
#include "tst_alertlistview.moc"
