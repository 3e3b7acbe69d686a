// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QIODevice>

/// A request body that can be read once and never rewound. QNetworkAccessManager silently
/// re-sends a request when a connection closes before any answer; with a body it cannot rewind,
/// it reports ContentReSendError instead, so a state-changing call is never sent twice behind
/// the pipeline's back.
class OneShotUpload final : public QIODevice
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OneShotUpload)

public:
    explicit OneShotUpload(QByteArray data, QObject* parent = nullptr);

    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;
    bool reset() override { return false; }
    bool seek(qint64) override { return false; }
    qint64 size() const override { return m_data.size(); }

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_position = 0;
};
