#include "alerts/alarmplayer.h"

#include "alerts/alarmpolicy.h"

#include <QApplication>
#include <QTimer>

namespace fw::ui {

AlarmPlayer::AlarmPlayer(alerts::AlarmPolicy *policy, QObject *parent)
    : QObject(parent)
{
    connect(policy, &alerts::AlarmPolicy::playRequested, this, &AlarmPlayer::play);
}

void AlarmPlayer::play()
{
    ++m_playCount;
    for (int i = 0; i < 3; ++i)
        QTimer::singleShot(i * 300, this, [] { QApplication::beep(); });
}

} // namespace fw::ui
