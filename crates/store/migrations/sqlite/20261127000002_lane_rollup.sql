-- Per local day × lane × officer: services and their time, for throughput reports
-- (the station tracks 2,000+ travellers per inspector per day).
CREATE TABLE rollup_lane_day (
    checkpoint TEXT NOT NULL,
    day TEXT NOT NULL,
    lane TEXT NOT NULL,
    officer TEXT NOT NULL,
    services BIGINT NOT NULL,
    cleared BIGINT NOT NULL,
    referred BIGINT NOT NULL,
    refused BIGINT NOT NULL,
    service_s_sum DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (checkpoint, day, lane, officer)
);
