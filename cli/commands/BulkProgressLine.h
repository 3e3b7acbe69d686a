// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>

class BulkJobRunner;
class QTimer;

/// The one-line progress display of a running bulk job on stderr, redrawn in place — only when stderr
/// is a terminal (never in pipes, logs or tests reading the output).
class BulkProgressLine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BulkProgressLine)

public:
    explicit BulkProgressLine(BulkJobRunner* runner, QObject* parent = nullptr);
    ~BulkProgressLine() override;

    static bool isTerminal();
    /// Ends the line (call before printing anything else).
    void finish();

private:
    void draw();

    QPointer<BulkJobRunner> m_runner;
    QTimer* m_timer = nullptr;
    bool m_drawn = false;
};
