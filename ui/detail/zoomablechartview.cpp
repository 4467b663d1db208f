#include "detail/zoomablechartview.h"

#include <QDateTime>
#include <QDateTimeAxis>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

namespace fw::ui {

namespace {

QDateTimeAxis *timeAxis(QChart *chart)
{
    const QList<QAbstractAxis *> axes = chart->axes(Qt::Horizontal);
    return axes.isEmpty() ? nullptr : qobject_cast<QDateTimeAxis *>(axes.first());
}

} // namespace

ZoomableChartView::ZoomableChartView(QChart *chart, QWidget *parent)
    : QChartView(chart, parent)
{
    setRenderHint(QPainter::Antialiasing);
    setFocusPolicy(Qt::StrongFocus);
    setRubberBand(QChartView::NoRubberBand);
}

void ZoomableChartView::zoomBy(double factor, double anchor)
{
    QDateTimeAxis *axis = timeAxis(chart());
    if (!axis)
        return;
    const double min = double(axis->min().toMSecsSinceEpoch());
    const double max = double(axis->max().toMSecsSinceEpoch());
    const double pivot = min + (max - min) * std::clamp(anchor, 0.0, 1.0);
    const double newMin = pivot - (pivot - min) * factor;
    const double newMax = pivot + (max - pivot) * factor;
    if (newMax - newMin < 60'000) // no closer than a minute across the plot
        return;
    axis->setRange(QDateTime::fromMSecsSinceEpoch(qint64(newMin)), QDateTime::fromMSecsSinceEpoch(qint64(newMax)));
}

void ZoomableChartView::panBy(double fraction)
{
    QDateTimeAxis *axis = timeAxis(chart());
    if (!axis)
        return;
    const qint64 shift = qint64((axis->max().toMSecsSinceEpoch() - axis->min().toMSecsSinceEpoch()) * fraction);
    axis->setRange(axis->min().addMSecs(shift), axis->max().addMSecs(shift));
}

void ZoomableChartView::wheelEvent(QWheelEvent *event)
{
    const QRectF plot = chart()->plotArea();
    const double anchor = plot.width() > 0 ? (event->position().x() - plot.left()) / plot.width() : 0.5;
    zoomBy(event->angleDelta().y() > 0 ? 0.8 : 1.25, anchor);
    event->accept();
}

void ZoomableChartView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QChartView::mousePressEvent(event);
    m_dragging = true;
    m_dragFrom = event->position();
    setCursor(Qt::ClosedHandCursor);
    event->accept();
}

void ZoomableChartView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragging)
        return QChartView::mouseMoveEvent(event);
    const double width = chart()->plotArea().width();
    if (width > 0)
        panBy(-(event->position().x() - m_dragFrom.x()) / width);
    m_dragFrom = event->position();
    event->accept();
}

void ZoomableChartView::mouseReleaseEvent(QMouseEvent *event)
{
    m_dragging = false;
    unsetCursor();
    QChartView::mouseReleaseEvent(event);
}

void ZoomableChartView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomBy(0.8); break;
    case Qt::Key_Minus: zoomBy(1.25); break;
    case Qt::Key_Left: panBy(-0.2); break;
    case Qt::Key_Right: panBy(0.2); break;
    case Qt::Key_0:
    case Qt::Key_Home: Q_EMIT resetRequested(); break;
    default: return QChartView::keyPressEvent(event);
    }
    event->accept();
}

} // namespace fw::ui
