#include "core/feedmonitor.h"

#include <QSignalSpy>
#include <QTest>

using fw::core::FeedMonitor;

class tst_FeedMonitor : public QObject
{
    Q_OBJECT

private:
    QDateTime m_now = QDateTime(QDate(2026, 12, 3), QTime(12, 0), Qt::UTC);
    FeedMonitor::Clock clock()
    {
        return [this] { return m_now; };
    }

private Q_SLOTS:
    void rateAveragesOverWindow()
    {
        FeedMonitor monitor(nullptr, clock());
        for (int second = 0; second < 10; ++second) {
            monitor.noteEvents(20);
            m_now = m_now.addSecs(1);
        }
        monitor.tick();
        QCOMPARE(monitor.eventsPerSecond(), 18.0); // the oldest second has left the window

        m_now = m_now.addSecs(30);
        monitor.tick();
        QCOMPARE(monitor.eventsPerSecond(), 0.0);
    }

    void silenceStartsAfterThresholdAndEndsWithAnEvent()
    {
        FeedMonitor monitor(nullptr, clock());
        monitor.setSilenceThreshold(60);
        QSignalSpy started(&monitor, &FeedMonitor::silenceStarted);
        QSignalSpy ended(&monitor, &FeedMonitor::silenceEnded);

        monitor.noteEvents(1);
        const QDateTime last = m_now;
        m_now = m_now.addSecs(59);
        monitor.tick();
        QVERIFY(!monitor.isSilent());
        QCOMPARE(started.count(), 0);

        m_now = m_now.addSecs(1);
        monitor.tick();
        QVERIFY(monitor.isSilent());
        QCOMPARE(started.count(), 1);
        QCOMPARE(started.first().first().toDateTime(), last);

        monitor.tick();
        QCOMPARE(started.count(), 1); // reported once, not every second

        monitor.noteEvents(3);
        QVERIFY(!monitor.isSilent());
        QCOMPARE(ended.count(), 1);
    }

    void silentFromStartWhenNothingArrives()
    {
        FeedMonitor monitor(nullptr, clock());
        monitor.setSilenceThreshold(30);
        m_now = m_now.addSecs(31);
        monitor.tick();
        QVERIFY(monitor.isSilent());
        QVERIFY(!monitor.lastEventAt().isValid());
    }

    void thresholdHasAFloor()
    {
        FeedMonitor monitor(nullptr, clock());
        monitor.setSilenceThreshold(0);
        QCOMPARE(monitor.silenceThreshold(), 10);
    }
};

QTEST_GUILESS_MAIN(tst_FeedMonitor)
#include "tst_feedmonitor.moc"
