#pragma once

#include <QObject>

namespace fw::alerts {
class AlarmPolicy;
}

namespace fw::ui {

// Plays the alarm the policy asks for. Qt Multimedia (QSoundEffect) is not among the
// project's Qt modules on Debian 12, and an audio stack cannot be assumed on a NOC wall PC,
// so the alarm is the system bell through QApplication::beep(), sounded three times.
// TODO: a WAV through QSoundEffect once qt6-multimedia-dev joins scripts/setup-debian.sh.
class AlarmPlayer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlarmPlayer)

public:
    explicit AlarmPlayer(alerts::AlarmPolicy *policy, QObject *parent = nullptr);

    int playCount() const { return m_playCount; }

private:
    void play();

    int m_playCount = 0;
};

} // namespace fw::ui
