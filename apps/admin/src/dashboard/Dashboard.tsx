import { Card, CardContent, CardHeader, Typography } from '@mui/material';
import { Title } from 'react-admin';

export const Dashboard = () => (
  <Card>
    <Title title="Hermes" />
    <CardHeader title="Hermes" subheader="TutorCruncher's sales integration" />
    <CardContent>
      <Typography>Keeps TutorCruncher, Pipedrive and the website callbooker in step.</Typography>
    </CardContent>
  </Card>
);
