#include "alerts/alarmplayer.h"
#include "alerts/alarmpolicy.h"

#include <QTest>

using fw::alerts::AlarmPolicy;
using fw::ui::AlarmPlayer;

class tst_AlarmPlayer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void playsWhatThePolicyAsks()
    {
        QDateTime now = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
        AlarmPolicy policy(nullptr, [&now] { return now; });
        policy.setRepeatInterval(5);
        AlarmPlayer player(&policy);
        QCOMPARE(player.playCount(), 0);
        policy.criticalRaised(1);
        QCOMPARE(player.playCount(), 1);
        now = now.addSecs(5);
        policy.tick();
        QCOMPARE(player.playCount(), 2);
        policy.mute(1);
        now = now.addSecs(60);
        policy.tick();
        QCOMPARE(player.playCount(), 2);
        QTest::qWait(700); // the three bells of a play run out without harm
    }
};

QTEST_MAIN(tst_AlarmPlayer)
#include "tst_alarmplayer.moc"
