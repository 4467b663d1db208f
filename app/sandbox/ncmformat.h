#pragma once

#include <QString>
#include <QtGlobal>

// How NCM writes times and time-UUIDs (shared/ncm-facts.md, section 1).
namespace fw::sandbox {

// "2026-12-03T17:04:10.123456+00:00", or with "Z" when zulu is set.
QString isoTime(qint64 epochUs, bool zulu = false);

// Parses what isoTime() writes plus the variants NCM clients send (no fraction, "Z",
// " 00:00" from an unescaped '+'); returns false when the text is no time.
bool parseIsoTime(QStringView text, qint64 *epochUs);

// A version-1 time-UUID for the given time; node and clockSeq make it unique per source.
QString timeUuid(qint64 epochUs, quint64 node, quint16 clockSeq);

// The time inside a version-1 UUID, or false when the text is none.
bool timeUuidTime(QStringView uuid, qint64 *epochUs);

} // namespace fw::sandbox
