-- After a restart the live picture replays the last hours of events; a lane
-- opened (or an officer come on duty) before that window must still show.
-- A partial index finds those few events without scanning the rest, and
-- costs nothing on the travellers' events that make up nearly all appends.
CREATE INDEX events_lane_history ON events (checkpoint, at_us)
    WHERE kind IN ('lane_opened', 'lane_closed', 'officer_on', 'officer_off');
