#include "alerts/acknowledgementstore.h"
#include "alerts/alertmodel.h"
#include "alerts/alerttray.h"

#include "fakeevents.h"

#include <QTemporaryDir>
#include <QTest>

using namespace fw;
using fw::ui::AlertTray;

class tst_AlertTray : public QObject
{
    Q_OBJECT

private:
    QDateTime m_now = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);

    store::Event event(qint64 seq, store::Severity severity)
    {
        return testing::makeEvent(seq, QStringLiteral("7"), QStringLiteral("thermal_exceeds_limit"), severity, m_now);
    }

private Q_SLOTS:
    void worstUnacknowledgedStateAndNotifications()
    {
        QTemporaryDir dir;
        alerts::AcknowledgementStore acks(nullptr, [this] { return m_now; });
        QVERIFY(acks.open(dir.filePath(QStringLiteral("db.sqlite"))));
        ui::AlertModel model(&acks);
        model.setCoalesceInterval(0);
        AlertTray tray(&model, &acks);
        QCOMPARE(tray.worst(), AlertTray::Worst::Ok);
        QVERIFY(tray.summary().startsWith(QStringLiteral("OK")));

        model.addEvents({event(1, store::Severity::Warning)});
        QTRY_COMPARE(tray.worst(), AlertTray::Worst::Warning);
        QCOMPARE(tray.notificationCount(), 0);

        model.addEvents({event(2, store::Severity::Critical)});
        QTRY_COMPARE(tray.worst(), AlertTray::Worst::Critical);
        QCOMPARE(tray.notificationCount(), 1);
        QVERIFY(tray.summary().contains(QStringLiteral("1 unacknowledged critical")));

        QVERIFY(acks.acknowledge(event(2, store::Severity::Critical), {}));
        QTRY_COMPARE(tray.worst(), AlertTray::Worst::Warning);
        QVERIFY(acks.acknowledge(event(1, store::Severity::Warning), {}));
        QTRY_COMPARE(tray.worst(), AlertTray::Worst::Ok);

        tray.setOfflineRouters(3);
        QTRY_COMPARE(tray.worst(), AlertTray::Worst::Warning);
    }

    void coveredCriticalDoesNotNotify()
    {
        QTemporaryDir dir;
        alerts::AcknowledgementStore acks(nullptr, [this] { return m_now; });
        QVERIFY(acks.open(dir.filePath(QStringLiteral("db.sqlite"))));
        ui::AlertModel model(&acks);
        model.setCoalesceInterval(0);
        AlertTray tray(&model, &acks);
        QVERIFY(acks.snooze(event(1, store::Severity::Critical), m_now.addSecs(3600), {}));
        model.addEvents({event(2, store::Severity::Critical)}); // a repeat during the snooze
        QCOMPARE(tray.notificationCount(), 0);
    }
};

QTEST_MAIN(tst_AlertTray)
#include "tst_alerttray.moc"
