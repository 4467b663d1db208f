#include "sandbox/ncmformat.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QUuid>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace fw::sandbox {

namespace {

// 100-ns intervals between the Gregorian reform (UUID epoch) and the Unix epoch.
constexpr qint64 kUuidEpochOffset = 0x01B21DD213814000LL;

} // namespace

QString isoTime(qint64 epochUs, bool zulu)
{
    // Formatted by hand: QDateTime::toString() costs microseconds, and a page of records
    // holds thousands of times.
    const qint64 secs = epochUs >= 0 ? epochUs / 1000000 : (epochUs - 999999) / 1000000;
    const int micros = int(epochUs - secs * 1000000);
    const qint64 days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    const int secondOfDay = int(secs - days * 86400);

    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 dayOfEra = z - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 mp = (5 * dayOfYear + 2) / 153;
    const int day = int(dayOfYear - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const int year = int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0));

    char buffer[128];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%06d%s", year, month, day,
                  secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60, micros,
                  zulu ? "Z" : "+00:00");
    return QString::fromLatin1(buffer);
}

bool parseIsoTime(QStringView text, qint64 *epochUs)
{
    static const QRegularExpression pattern(
        uR"(^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(Z|[+\- ]\d{2}:?\d{2})?$)"_s);
    const auto match = pattern.match(text.toString());
    if (!match.hasMatch())
        return false;

    QDateTime base = QDateTime::fromString(match.captured(1), Qt::ISODate);
    if (!base.isValid())
        return false;
    base.setTimeSpec(Qt::UTC);
    qint64 micros = match.captured(2).leftJustified(6, u'0').toLongLong();

    QString zone = match.captured(3);
    if (!zone.isEmpty() && zone != u"Z"_s) {
        const int sign = zone.front() == u'-' ? -1 : 1;
        zone.remove(u':');
        const int minutes = zone.mid(1, 2).toInt() * 60 + zone.mid(3, 2).toInt();
        micros -= qint64(sign) * minutes * 60 * 1000000;
    }
    *epochUs = base.toMSecsSinceEpoch() * 1000 + micros;
    return true;
}

QString timeUuid(qint64 epochUs, quint64 node, quint16 clockSeq)
{
    const quint64 ticks = quint64(epochUs * 10 + kUuidEpochOffset);
    const uint timeLow = uint(ticks & 0xffffffffULL);
    const ushort timeMid = ushort((ticks >> 32) & 0xffff);
    const ushort timeHi = ushort(((ticks >> 48) & 0x0fff) | 0x1000);
    const uchar seqHi = uchar(((clockSeq >> 8) & 0x3f) | 0x80);
    const uchar seqLow = uchar(clockSeq & 0xff);
    const QUuid uuid(timeLow, timeMid, timeHi, seqHi, seqLow, uchar(node >> 40), uchar(node >> 32),
                     uchar(node >> 24), uchar(node >> 16), uchar(node >> 8), uchar(node));
    return uuid.toString(QUuid::WithoutBraces);
}

bool timeUuidTime(QStringView text, qint64 *epochUs)
{
    const QUuid uuid = QUuid::fromString(text);
    if (uuid.isNull() || uuid.version() != QUuid::Time)
        return false;
    const quint64 ticks = (quint64(uuid.data3 & 0x0fff) << 48) | (quint64(uuid.data2) << 32)
        | uuid.data1;
    *epochUs = (qint64(ticks) - kUuidEpochOffset) / 10;
    return true;
}

} // namespace fw::sandbox
