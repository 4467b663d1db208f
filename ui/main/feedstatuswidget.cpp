#include "main/feedstatuswidget.h"

#include "common/theme.h"
#include "core/feedmonitor.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>

namespace fw::ui {

QString formatAge(qint64 seconds)
{
    if (seconds < 0)
        seconds = 0;
    if (seconds < 60)
        return FeedStatusWidget::tr("%n s", nullptr, int(seconds));
    if (seconds < 3600)
        return FeedStatusWidget::tr("%n min", nullptr, int(seconds / 60));
    if (seconds < 86400) {
        return FeedStatusWidget::tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
    }
    return FeedStatusWidget::tr("%n d", nullptr, int(seconds / 86400));
}

FeedStatusWidget::FeedStatusWidget(core::FeedMonitor *monitor, QWidget *parent)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_feed(new QLabel(this))
    , m_warning(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_warning);
    layout->addWidget(m_feed);
    m_warning->setObjectName(QStringLiteral("feedSilentWarning"));
    m_warning->setVisible(false);

    connect(m_monitor, &core::FeedMonitor::changed, this, &FeedStatusWidget::refresh);
    refresh();
}

QString FeedStatusWidget::feedText() const
{
    QString source;
    switch (m_monitor->source()) {
    case core::FeedMonitor::Source::Listener:
        source = tr("Listener %1").arg(m_monitor->sourceDescription());
        break;
    case core::FeedMonitor::Source::Relay:
        source = tr("Relay %1").arg(m_monitor->sourceDescription());
        break;
    case core::FeedMonitor::Source::None:
        source = tr("No feed configured");
        break;
    }
    const QString state = m_monitor->isConnected() ? tr("connected") : tr("not connected");
    const QString rate = tr("%1 events/s").arg(QLocale().toString(m_monitor->eventsPerSecond(), 'f', 1));
    const QDateTime last = m_monitor->lastEventAt();
    const QString age = last.isValid()
        ? tr("last event %1 ago").arg(formatAge(last.secsTo(QDateTime::currentDateTimeUtc())))
        : tr("no event yet");
    return QStringLiteral("%1 (%2) · %3 · %4").arg(source, state, rate, age);
}

QString FeedStatusWidget::warningText() const
{
    const QDateTime since = m_monitor->silentSince().toLocalTime();
    const qint64 age = since.secsTo(QDateTime::currentDateTime());
    return tr("⚠ Feed silent since %1 (%2)")
        .arg(QLocale().toString(since, QLocale::ShortFormat), formatAge(age));
}

bool FeedStatusWidget::isWarningVisible() const
{
    return !m_warning->isHidden();
}

void FeedStatusWidget::refresh()
{
    m_feed->setText(feedText());
    const bool silent = m_monitor->isSilent();
    m_warning->setVisible(silent);
    if (silent) {
        const ThemeColors &c = Theme::colors();
        m_warning->setText(warningText());
        m_warning->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; font-weight: bold; "
                                                "padding: 1px 8px; border-radius: 3px; }")
                                     .arg(c.critical.name(), c.highlightedText.name()));
    }
}

} // namespace fw::ui
