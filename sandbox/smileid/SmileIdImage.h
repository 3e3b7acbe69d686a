// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

/// The pictures behind the emulated job image links: a small PNG drawn from the job id (a face-like
/// disc on a tinted ground), so each job has its own, and the console has real image bytes to show.
/// Written by hand (zlib through qCompress, CRC-32): the sandbox links no QtGui.
class SmileIdImage final
{
public:
    SmileIdImage() = delete;

    /// A PNG of `size`×`size` pixels for this job and image name ("selfie", "liveness_1").
    static QByteArray png(const QByteArray& jobId, const QByteArray& name, int size = 96);
};
