// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QString>

/// The one-line progress of `subjects import` on stderr ("checking 120,000 of 1,000,000 rows"),
/// redrawn in place at most four times a second and only when stderr and stdout are terminals
/// (BulkProgressLine::isTerminal) and not in --json mode, so --json, pipes and tests never see it.
class ImportProgressLine final
{
public:
    /// `wanted` false (--json) draws nothing.
    explicit ImportProgressLine(bool wanted);
    ~ImportProgressLine();
    Q_DISABLE_COPY_MOVE(ImportProgressLine)

    /// Draws "<what> done of total" when due; always true (the CLI does not cancel from here).
    bool update(const QString& what, qint64 done, qint64 total);
    /// Ends the line (call before printing anything else).
    void finish();

private:
    bool m_enabled;
    bool m_drawn = false;
    QElapsedTimer m_since;
};
