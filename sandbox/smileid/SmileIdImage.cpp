// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmileIdImage.h"

#include <QCryptographicHash>
#include <QtEndian>

namespace {
quint32 crc32(const QByteArray& data)
{
    quint32 crc = 0xffffffffu;
    for (const char c : data) {
        crc ^= quint8(c);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

QByteArray chunk(const char* type, const QByteArray& data)
{
    QByteArray out(4, '\0');
    qToBigEndian(quint32(data.size()), out.data());
    const QByteArray typed = QByteArray(type, 4) + data;
    out += typed;
    QByteArray crc(4, '\0');
    qToBigEndian(crc32(typed), crc.data());
    return out + crc;
}
} // namespace

QByteArray SmileIdImage::png(const QByteArray& jobId, const QByteArray& name, int size)
{
    const QByteArray seed = QCryptographicHash::hash(jobId + '/' + name, QCryptographicHash::Sha256);
    const quint8 r = quint8(seed.at(0)) / 2 + 96;
    const quint8 g = quint8(seed.at(1)) / 2 + 96;
    const quint8 b = quint8(seed.at(2)) / 2 + 96;
    QByteArray raw;
    raw.reserve((size * 3 + 1) * size);
    const int c = size / 2;
    const int radius = size * 3 / 10;
    for (int y = 0; y < size; ++y) {
        raw.append('\0'); // filter: none
        for (int x = 0; x < size; ++x) {
            const int dx = x - c;
            const int dy = y - c * 9 / 10;
            const bool face = dx * dx + dy * dy <= radius * radius;
            raw.append(char(face ? 230 : r));
            raw.append(char(face ? 200 : g));
            raw.append(char(face ? 170 : b));
        }
    }
    QByteArray header(13, '\0');
    qToBigEndian(quint32(size), header.data());
    qToBigEndian(quint32(size), header.data() + 4);
    header[8] = 8;  // bits per channel
    header[9] = 2;  // truecolour RGB
    header[10] = 0; // deflate
    header[11] = 0; // adaptive filtering
    header[12] = 0; // no interlace
    // qCompress is a zlib stream behind a 4-byte length: PNG wants the zlib stream.
    const QByteArray deflated = qCompress(raw, 9).mid(4);
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", header) + chunk("IDAT", deflated) +
           chunk("IEND", QByteArray());
}
