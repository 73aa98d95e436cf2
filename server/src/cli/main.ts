process.stderr.write('spk-route: not implemented yet\n');
process.exit(2);
