#include "alerts/alarmpolicy.h"

#include <QSignalSpy>
#include <QTest>

using fw::alerts::AlarmPolicy;

class tst_AlarmPolicy : public QObject
{
    Q_OBJECT

private:
    QDateTime m_now = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);

    void advance(AlarmPolicy &policy, int seconds)
    {
        for (int i = 0; i < seconds; ++i) {
            m_now = m_now.addSecs(1);
            policy.tick();
        }
    }

private Q_SLOTS:
    void repeatsUntilAcknowledged()
    {
        AlarmPolicy policy(nullptr, [this] { return m_now; });
        policy.setRepeatInterval(10);
        QSignalSpy plays(&policy, &AlarmPolicy::playRequested);
        QSignalSpy alarming(&policy, &AlarmPolicy::alarmingChanged);

        policy.criticalRaised(1);
        QCOMPARE(plays.size(), 1); // at once
        QVERIFY(policy.isAlarming());
        advance(policy, 9);
        QCOMPARE(plays.size(), 1);
        advance(policy, 1);
        QCOMPARE(plays.size(), 2);
        advance(policy, 20);
        QCOMPARE(plays.size(), 4);

        policy.acknowledged(1);
        QVERIFY(!policy.isAlarming());
        QCOMPARE(alarming.size(), 2);
        advance(policy, 60);
        QCOMPARE(plays.size(), 4);
    }

    void keepsRingingWhileAnyIsPending()
    {
        AlarmPolicy policy(nullptr, [this] { return m_now; });
        policy.setRepeatInterval(5);
        QSignalSpy plays(&policy, &AlarmPolicy::playRequested);
        policy.criticalRaised(1);
        policy.criticalRaised(2);
        QCOMPARE(plays.size(), 1); // the second joins the running alarm
        policy.acknowledged(1);
        QVERIFY(policy.isAlarming());
        advance(policy, 5);
        QCOMPARE(plays.size(), 2);
    }

    void muteSilencesUntilItExpires_data()
    {
        QTest::addColumn<int>("hours");
        QTest::newRow("one hour") << 1;
        QTest::newRow("four hours") << 4;
        QTest::newRow("eight hours") << 8;
    }

    void muteSilencesUntilItExpires()
    {
        QFETCH(int, hours);
        AlarmPolicy policy(nullptr, [this] { return m_now; });
        policy.setRepeatInterval(60);
        QSignalSpy plays(&policy, &AlarmPolicy::playRequested);
        QSignalSpy muted(&policy, &AlarmPolicy::muteChanged);
        policy.criticalRaised(1);
        policy.mute(hours);
        QVERIFY(policy.isMuted());
        QCOMPARE(policy.mutedUntil(), m_now.addSecs(hours * 3600));
        QVERIFY(!policy.isAlarming());

        m_now = m_now.addSecs(hours * 3600 - 1);
        policy.tick();
        QCOMPARE(plays.size(), 1);
        m_now = m_now.addSecs(1);
        policy.tick();
        QVERIFY(!policy.isMuted());
        QCOMPARE(plays.size(), 2); // the pending alert sounds again at once
        QCOMPARE(muted.size(), 2);
    }

    void snoozedAlertRejoinsWhenTheSnoozeEnds()
    {
        AlarmPolicy policy(nullptr, [this] { return m_now; });
        policy.setRepeatInterval(10);
        QSignalSpy plays(&policy, &AlarmPolicy::playRequested);
        policy.criticalRaised(1);
        policy.snoozed(1, m_now.addSecs(100));
        QVERIFY(!policy.isAlarming());
        advance(policy, 99);
        QCOMPARE(plays.size(), 1);
        advance(policy, 1);
        QVERIFY(policy.isAlarming());
        QCOMPARE(plays.size(), 2);
    }

    void unknownAcknowledgementChangesNothing()
    {
        AlarmPolicy policy(nullptr, [this] { return m_now; });
        QSignalSpy alarming(&policy, &AlarmPolicy::alarmingChanged);
        policy.acknowledged(99);
        policy.snoozed(99, m_now.addSecs(10));
        QCOMPARE(alarming.size(), 0);
        QCOMPARE(policy.pendingCount(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_AlarmPolicy)
#include "tst_alarmpolicy.moc"
